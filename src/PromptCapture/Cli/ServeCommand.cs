using System.CommandLine;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Hosting;
using PromptCapture.Providers;
using PromptCapture.Viewer;

namespace PromptCapture.Cli;

/// <summary>`serve`: runs the gateway until Ctrl+C or SIGTERM, then drains the capture queue and exits 0.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the command with its options and usage examples; every option also reads its PROMPT_CAPTURE_* variable.</summary>
    public static Command Create()
    {
        var host = new Option<string?>(ServeSettings.Host.Flag) { Description = ServeSettings.Host.Help };
        var port = new Option<int?>(ServeSettings.Port.Flag) { Description = ServeSettings.Port.Help };
        var providers = CommonOptions.Providers();
        var db = CommonOptions.Database();
        var embeddingsDb = new Option<string?>(ServeSettings.EmbeddingsDatabase.Flag) { Description = ServeSettings.EmbeddingsDatabase.Help };
        var noLog = new Option<bool>(ServeSettings.NoLog.Flag) { Description = ServeSettings.NoLog.Help };
        var envFile = CommonOptions.EnvFile();
        var maxBody = new Option<int?>(ServeSettings.MaxBodyMb.Flag) { Description = ServeSettings.MaxBodyMb.Help };
        var viewer = new Option<bool>(ServeSettings.Viewer.Flag) { Description = ServeSettings.Viewer.Help };
        var noViewer = new Option<bool>(ServeSettings.NoViewer.Flag) { Description = ServeSettings.NoViewer.Help };
        var apiKeys = new Option<string[]>(ServeSettings.ApiKey.Flag) { Description = ServeSettings.ApiKey.Help, Arity = ArgumentArity.ZeroOrMore };
        var allowedHosts = new Option<string[]>(ServeSettings.AllowedHost.Flag) { Description = ServeSettings.AllowedHost.Help, Arity = ArgumentArity.ZeroOrMore };
        var allowedOrigins = new Option<string[]>(ServeSettings.AllowedOrigin.Flag) { Description = ServeSettings.AllowedOrigin.Help, Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("serve", """
            Run the OpenAI-compatible gateway; every exchange is captured into llm's logs.db.
            Each option can also be set by its variable, in the environment or the .env file;
            a flag beats the environment, which beats the .env file, which beats the default.

            Examples:
              promptcapture serve
              promptcapture serve --port 11435
              promptcapture serve --providers ./providers.json --db ./captures.db
              promptcapture serve --no-log
              promptcapture serve --embeddings-db ./embeddings.db
              promptcapture serve --host 0.0.0.0 --api-key my-gateway-key --allowed-host gateway.lan
              promptcapture serve --allowed-origin http://localhost:5173
              promptcapture serve --no-viewer
              PROMPT_CAPTURE_PORT=8080 promptcapture serve
              curl http://127.0.0.1:11435/v1/chat/completions -H 'Content-Type: application/json' -d '{"model":"echo","messages":[{"role":"user","content":"hi"}]}'
            """)
        {
            host, port, providers, db, embeddingsDb, noLog, envFile, maxBody, apiKeys, allowedHosts, allowedOrigins, viewer, noViewer,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(new ServeFlags
        {
            Host = parse.GetValue(host),
            Port = parse.GetValue(port),
            Providers = parse.GetValue(providers),
            Database = parse.GetValue(db),
            EmbeddingsDatabase = parse.GetValue(embeddingsDb),
            NoLog = CommonOptions.Switch(parse, noLog),
            MaxBodyMb = parse.GetValue(maxBody),
            ApiKeys = parse.GetValue(apiKeys) ?? [],
            AllowedHosts = parse.GetValue(allowedHosts) ?? [],
            AllowedOrigins = parse.GetValue(allowedOrigins) ?? [],
            Viewer = CommonOptions.Switch(parse, viewer),
            NoViewer = CommonOptions.Switch(parse, noViewer),
            EnvFile = parse.GetValue(envFile),
        }, cancellationToken));
        return command;
    }

    /// <summary>Where the viewer is, or why it is off; loud when it shows every capture to the network.</summary>
    private static void LogViewer(ILogger logger, ViewerDecision viewer, string address)
    {
        if (!viewer.Enabled)
            ServeLog.ViewerOff(logger, viewer.Reason ?? "off");
        else
            ServeLog.ViewerOn(logger, address + "/", viewer.LoginRequired ? "log in with a gateway key" : "no login");
        if (viewer.ExposedWithoutKey)
            ServeLog.ViewerExposed(logger);
    }

    /// <summary>Decides the configuration, starts the server and waits for shutdown; an unusable setting or providers file exits 2 with its message.</summary>
    private static async Task<int> RunAsync(ServeFlags flags, CancellationToken cancellationToken)
    {
        GatewayOptions options;
        WebApplication app;
        try
        {
            options = GatewayConfiguration.Load(flags);
            app = GatewayApp.Build(options);
        }
        catch (Exception ex) when (ex is SettingException or ProvidersFileException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        await using (app.ConfigureAwait(false))
        {
            if (await StartAsync(app, options, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return 2;
            }
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PromptCapture");
            var store = app.Services.GetRequiredService<CaptureStore>();
            ServeLog.Listening(logger, GatewayApp.ListeningAddress(app));
            ServeLog.Configuration(logger, options.ProvidersPath, options.EnvFilePath ?? "none");
            ServeLog.Capture(logger, store.Enabled ? store.DatabasePath! : "off");
            if (options.Host is not ("127.0.0.1" or "localhost" or "::1") && options.ApiKeys.Count == 0)
                ServeLog.ExposedWithoutKey(logger, options.Host);
            LogViewer(logger, app.Services.GetRequiredService<ViewerDecision>(), GatewayApp.ListeningAddress(app));
            ServeLog.GatewayKeys(logger, options.ApiKeys.Count == 0 ? "none (open to anyone who can connect)" : $"{options.ApiKeys.Count} configured");
            var rules = app.Services.GetRequiredService<HostRules>();
            ServeLog.CrossSite(logger,
                string.Join(", ", ["localhost", "loopback addresses", .. rules.AnyAddress ? ["any IP address"] : Array.Empty<string>(), .. rules.Hosts]),
                options.AllowedOrigins.Count == 0 ? "only the gateway's own" : string.Join(", ", options.AllowedOrigins));
            ServeLog.Telemetry(logger, Telemetry.TelemetrySetup.Describe(app.Configuration));
            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return 0;
    }

    /// <summary>
    /// Starts the server; a port that cannot be listened on (taken, refused, an address not on this machine) comes
    /// back as one sentence for the user instead of Kestrel's stack trace. Null when the server started.
    /// </summary>
    private static async Task<string?> StartAsync(WebApplication app, GatewayOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (FindSocketError(ex) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.AddressAlreadyInUse =>
                    $"port {options.Port} on {options.Host} is already in use (another PromptCapture or Ollama?); pass --port",
                System.Net.Sockets.SocketError.AccessDenied =>
                    $"not allowed to listen on port {options.Port} on {options.Host} (ports below 1024 need privileges); pass --port",
                System.Net.Sockets.SocketError.AddressNotAvailable =>
                    $"cannot listen on {options.Host}: it is not an address of this machine; pass --host",
                _ => $"cannot listen on port {options.Port} on {options.Host}: {socket.Message}",
            };
        }
    }

    /// <summary>The socket error under Kestrel's bind failure, if that is what it was.</summary>
    private static System.Net.Sockets.SocketException? FindSocketError(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is System.Net.Sockets.SocketException socket)
                return socket;
        return null;
    }
}
