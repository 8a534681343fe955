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
        var noLog = new Option<bool>(ServeSettings.NoLog.Flag) { Description = ServeSettings.NoLog.Help };
        var envFile = CommonOptions.EnvFile();
        var maxBody = new Option<int?>(ServeSettings.MaxBodyMb.Flag) { Description = ServeSettings.MaxBodyMb.Help };
        var viewer = new Option<bool>(ServeSettings.Viewer.Flag) { Description = ServeSettings.Viewer.Help };
        var noViewer = new Option<bool>(ServeSettings.NoViewer.Flag) { Description = ServeSettings.NoViewer.Help };
        var apiKeys = new Option<string[]>(ServeSettings.ApiKey.Flag) { Description = ServeSettings.ApiKey.Help, Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("serve", """
            Run the OpenAI-compatible gateway; every exchange is captured into llm's logs.db.
            Each option can also be set by its variable, in the environment or the .env file;
            a flag beats the environment, which beats the .env file, which beats the default.

            Examples:
              promptcapture serve
              promptcapture serve --port 11435
              promptcapture serve --providers ./providers.json --db ./captures.db
              promptcapture serve --no-log
              promptcapture serve --host 0.0.0.0 --api-key my-gateway-key
              promptcapture serve --no-viewer
              PROMPT_CAPTURE_PORT=8080 promptcapture serve
              curl http://127.0.0.1:11435/v1/chat/completions -H 'Content-Type: application/json' -d '{"model":"echo","messages":[{"role":"user","content":"hi"}]}'
            """)
        {
            host, port, providers, db, noLog, envFile, maxBody, apiKeys, viewer, noViewer,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(new ServeFlags
        {
            Host = parse.GetValue(host),
            Port = parse.GetValue(port),
            Providers = parse.GetValue(providers),
            Database = parse.GetValue(db),
            NoLog = CommonOptions.Switch(parse, noLog),
            MaxBodyMb = parse.GetValue(maxBody),
            ApiKeys = parse.GetValue(apiKeys) ?? [],
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
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PromptCapture");
            var store = app.Services.GetRequiredService<CaptureStore>();
            ServeLog.Listening(logger, GatewayApp.ListeningAddress(app));
            ServeLog.Configuration(logger, options.ProvidersPath, options.EnvFilePath ?? "none");
            ServeLog.Capture(logger, store.Enabled ? store.DatabasePath! : "off");
            if (options.Host is not ("127.0.0.1" or "localhost" or "::1") && options.ApiKeys.Count == 0)
                ServeLog.ExposedWithoutKey(logger, options.Host);
            LogViewer(logger, app.Services.GetRequiredService<ViewerDecision>(), GatewayApp.ListeningAddress(app));
            ServeLog.GatewayKeys(logger, options.ApiKeys.Count == 0 ? "none (open to anyone who can connect)" : $"{options.ApiKeys.Count} configured");
            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return 0;
    }
}
