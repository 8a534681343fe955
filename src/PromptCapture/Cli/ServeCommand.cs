using System.CommandLine;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Hosting;
using PromptCapture.Providers;

namespace PromptCapture.Cli;

/// <summary>`serve`: runs the gateway until Ctrl+C or SIGTERM, then drains the capture queue and exits 0.</summary>
public static class ServeCommand
{
    /// <summary>Builds the command with its options and usage examples.</summary>
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to bind (default 127.0.0.1; anything else exposes the gateway to the network)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => GatewayOptions.DefaultPort };
        var providers = CommonOptions.Providers();
        var db = CommonOptions.Database("Capture database (default: llm's logs.db, as `llm logs path` prints)");
        var noLog = new Option<bool>("--no-log") { Description = "Do not capture anything" };
        var envFile = CommonOptions.EnvFile();
        var maxBody = new Option<int>("--max-body-mb") { Description = "Largest request body accepted, in MB", DefaultValueFactory = _ => 20 };
        var apiKeys = new Option<string[]>("--api-key")
        {
            Description = "A key clients must send as 'Authorization: Bearer KEY' (repeat for several; also PROMPT_CAPTURE_API_KEY, comma-separated)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("serve", """
            Run the OpenAI-compatible gateway; every exchange is captured into llm's logs.db.

            Examples:
              dotnet run --project src/PromptCapture -- serve
              dotnet run --project src/PromptCapture -- serve --port 11435
              dotnet run --project src/PromptCapture -- serve --providers ./providers.json --db ./captures.db
              dotnet run --project src/PromptCapture -- serve --no-log
              dotnet run --project src/PromptCapture -- serve --host 0.0.0.0 --api-key my-gateway-key
              curl http://127.0.0.1:11435/v1/chat/completions -H 'Content-Type: application/json' -d '{"model":"echo","messages":[{"role":"user","content":"hi"}]}'
            """)
        {
            host, port, providers, db, noLog, envFile, maxBody, apiKeys,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommonOptions.LoadEnvFile(parse.GetValue(envFile));
            var options = new GatewayOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ProvidersPath = parse.GetValue(providers)!,
                DatabasePath = parse.GetValue(db),
                NoLog = parse.GetValue(noLog),
                MaxBodyBytes = (long)parse.GetValue(maxBody) * 1024 * 1024,
                ApiKeys = GatewayKeys(parse.GetValue(apiKeys)),
            };
            return await RunAsync(options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Gateway keys from --api-key and PROMPT_CAPTURE_API_KEY (comma-separated), blanks dropped.</summary>
    private static List<string> GatewayKeys(string[]? fromFlags) =>
        (fromFlags ?? [])
            .Concat((Environment.GetEnvironmentVariable("PROMPT_CAPTURE_API_KEY") ?? "").Split(','))
            .Select(k => k.Trim())
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Starts the server and waits for shutdown; a bad providers file exits 2 with its message.</summary>
    private static async Task<int> RunAsync(GatewayOptions options, CancellationToken cancellationToken)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = GatewayApp.Build(options);
        }
        catch (ProvidersFileException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PromptCapture");
            var store = app.Services.GetRequiredService<CaptureStore>();
            logger.LogInformation("PromptCapture listening on {Address}/v1", GatewayApp.ListeningAddress(app));
            logger.LogInformation("Capture: {Capture}", store.Enabled ? store.DatabasePath : "off");
            if (options.Host is not ("127.0.0.1" or "localhost" or "::1") && options.ApiKeys.Count == 0)
            {
                logger.LogWarning("!!! Bound to {Host} WITHOUT a gateway key: anyone who can reach this address can spend your provider keys "
                    + "and use the gateway as their own. Pass --api-key KEY (or set PROMPT_CAPTURE_API_KEY) !!!", options.Host);
            }
            logger.LogInformation("Gateway keys: {State}", options.ApiKeys.Count == 0 ? "none (open to anyone who can connect)" : $"{options.ApiKeys.Count} configured");
            await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return 0;
    }
}
