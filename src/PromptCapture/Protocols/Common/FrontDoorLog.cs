using PromptCapture.Errors;

namespace PromptCapture.Protocols.Common;

/// <summary>What every front door logs about a request, source-generated with event ids; never a prompt, never a key.</summary>
public static partial class FrontDoorLog
{
    /// <summary>
    /// Masks the providers' keys in text about to be logged; set by the host to the live registry's redactor, so an
    /// exception that carries a key (an upstream URL with a key in its query, a library quoting a header) is logged
    /// without it. Process-wide, as the telemetry's is: the last gateway started in a process decides.
    /// </summary>
    public static Func<string, string> Redact { get; set; } = static text => text;

    /// <summary>An alias failed before any byte was sent and the next one is tried.</summary>
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Alias '{Alias}' failed ({Reason}); falling back to '{Next}'.")]
    public static partial void FallingBack(ILogger logger, string alias, string reason, string next);

    /// <summary>A client mistake (bad body, unknown model, too large).</summary>
    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Rejected request: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    /// <summary>Upstream trouble the client was told about.</summary>
    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Request failed: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);

    /// <summary>A failure the gateway did not expect: a bug to fix.</summary>
    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Unexpected failure while handling a {FrontDoor} request")]
    public static partial void Unexpected(ILogger logger, Exception error, string frontDoor);

    /// <summary>The client left before an error could be written.</summary>
    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "The client left before the error could be written.")]
    public static partial void ClientLeft(ILogger logger);

    /// <summary>Logs a failure at the level its class deserves: client mistakes at debug, upstream trouble as a warning, the rest as errors.</summary>
    public static void Failure(ILogger logger, Exception error, string frontDoor) => Failure(logger, error, frontDoor, Redact);

    /// <summary><see cref="Failure(ILogger, Exception, string)"/> with the masking given, not the process-wide one.</summary>
    internal static void Failure(ILogger logger, Exception error, string frontDoor, Func<string, string> redact)
    {
        switch (error)
        {
            case InvalidRequestException or ModelNotFoundException or ResourceNotFoundException or RequestTooLargeException or UnsupportedEncodingException:
                Rejected(logger, error.Message);
                break;
            case GatewayException:
                Failed(logger, redact(error.Message));
                break;
            default:
                Unexpected(logger, new LoggedFailure(error, redact), frontDoor);
                break;
        }
    }

    /// <summary>An upstream could not count tokens, so the local estimate answered instead.</summary>
    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "count_tokens for {Alias} fell back to the estimate: {Reason}")]
    public static partial void CountFellBack(ILogger logger, string alias, string reason);
}

/// <summary>
/// An exception as the logs show it: the original's message and its whole text (type, message, stack trace, inner
/// exceptions) with the providers' keys masked, since log formatters print an exception's ToString().
/// </summary>
internal sealed class LoggedFailure(Exception original, Func<string, string> redact) : Exception(redact(original.Message))
{
    /// <summary>The original's full text, keys masked.</summary>
    private readonly string _text = redact(original.ToString());

    /// <summary>The original exception's full text, keys masked.</summary>
    public override string ToString() => _text;
}
