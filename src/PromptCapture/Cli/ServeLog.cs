namespace PromptCapture.Cli;

/// <summary>What serve reports at start, source-generated so the lines are structured and cheap; never a key's value.</summary>
internal static partial class ServeLog
{
    /// <summary>The address; tests and users read the URL from this line.</summary>
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "PromptCapture listening on {Address}/v1")]
    public static partial void Listening(ILogger logger, string address);

    /// <summary>Which files were used, so a service's setup can be checked in its journal.</summary>
    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Providers: {ProvidersPath}; env file: {EnvFile}")]
    public static partial void Configuration(ILogger logger, string providersPath, string envFile);

    /// <summary>Where captures go, or off.</summary>
    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Capture: {Capture}")]
    public static partial void Capture(ILogger logger, string capture);

    /// <summary>Loud, because an exposed gateway without a key spends the user's provider keys for anyone.</summary>
    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "!!! Bound to {Host} WITHOUT a gateway key: anyone who can reach this address can spend your provider keys "
        + "and use the gateway as their own. Pass --api-key KEY (or set PROMPT_CAPTURE_API_KEY) !!!")]
    public static partial void ExposedWithoutKey(ILogger logger, string host);

    /// <summary>Where the capture viewer is, so a user finds it from the start-up lines.</summary>
    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Viewer: {Address} ({Login})")]
    public static partial void ViewerOn(ILogger logger, string address, string login);

    /// <summary>Why the viewer is off.</summary>
    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Viewer: off, {Reason}")]
    public static partial void ViewerOff(ILogger logger, string reason);

    /// <summary>Loud, because a forced viewer on an exposed bind without a key shows every captured prompt to anyone.</summary>
    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "!!! --viewer on an exposed bind WITHOUT a gateway key: anyone who can reach this address can read every captured prompt and answer. Pass --api-key KEY !!!")]
    public static partial void ViewerExposed(ILogger logger);

    /// <summary>How many gateway keys are configured (never the keys).</summary>
    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Gateway keys: {State}")]
    public static partial void GatewayKeys(ILogger logger, string state);

    /// <summary>Which Host headers and browser origins are accepted, so a 403 for a name a LAN client uses can be understood from the journal.</summary>
    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Accepted Host: {Hosts}; browser origins: {Origins}")]
    public static partial void CrossSite(ILogger logger, string hosts, string origins);

    /// <summary>Where traces and metrics go, or off; the endpoint without any user info, never the OTLP headers.</summary>
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "OpenTelemetry: {Telemetry}")]
    public static partial void Telemetry(ILogger logger, string telemetry);
}
