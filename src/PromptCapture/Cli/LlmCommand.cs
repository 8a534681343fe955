using System.CommandLine;
using System.Globalization;
using PromptCapture.Hosting;
using PromptCapture.LlmConfig;
using PromptCapture.Providers;

namespace PromptCapture.Cli;

/// <summary>
/// `llm install` / `llm uninstall`: makes Simon Willison's llm CLI a client of the gateway, one llm model per alias in
/// llm's extra-openai-models.yaml, so `llm -m ALIAS` goes through the gateway and `llm -c` can continue captures.
/// </summary>
internal static class LlmCommand
{
    /// <summary>The llm key name install points entries at when the gateway wants a key.</summary>
    public const string KeyName = "promptcapture";

    /// <summary>Builds `llm` with its two subcommands and their usage examples.</summary>
    public static Command Create() => new("llm", """
        Use the llm CLI through the gateway: one llm model per alias, in llm's extra-openai-models.yaml.

        Examples:
          promptcapture llm install
          promptcapture llm install --port 8080
          promptcapture llm uninstall
        """)
    {
        Install(), Uninstall(),
    };

    /// <summary>`llm install`: the gateway address and key setting come from the same flags, variables and .env as serve's.</summary>
    private static Command Install()
    {
        var host = new Option<string?>(ServeSettings.Host.Flag) { Description = "The address serve binds (" + ServeSettings.Host.Variable + "; default " + ServeSettings.Host.Default + ")" };
        var port = new Option<int?>(ServeSettings.Port.Flag) { Description = "The port serve listens on (" + ServeSettings.Port.Variable + "; default " + ServeSettings.Port.Default + ")" };
        var apiKeys = new Option<string[]>(ServeSettings.ApiKey.Flag) { Description = "serve's gateway keys (" + ServeSettings.ApiKey.Variable + "): when there are any, llm is told to send the one stored as `llm keys set promptcapture`; keys are never written to llm's files", Arity = ArgumentArity.ZeroOrMore };
        var providers = CommonOptions.Providers();
        var envFile = CommonOptions.EnvFile();
        var command = new Command("install", $"""
            Add one model per providers.json alias to llm's extra-openai-models.yaml (in $LLM_USER_PATH, else llm's
            config folder), pointing at the gateway's /v1 URL with the header {GatewayModelEntry.NoCaptureHeader}: {GatewayModelEntry.NoCaptureValue}
            (llm logs the exchange itself, so the gateway does not capture it again). Other entries and comments are
            kept as they are; running it again replaces only the entries it wrote.

            Examples:
              promptcapture llm install
              promptcapture llm install --host 127.0.0.1 --port 11435
              promptcapture llm install --api-key my-gateway-key && llm keys set promptcapture
              llm -m echo "hi"
            """)
        {
            host, port, apiKeys, providers, envFile,
        };
        command.SetAction(parse => CommonOptions.WithSettings(() =>
        {
            var options = GatewayConfiguration.Load(new ServeFlags
            {
                Host = parse.GetValue(host),
                Port = parse.GetValue(port),
                ApiKeys = parse.GetValue(apiKeys) ?? [],
                Providers = parse.GetValue(providers),
                EnvFile = parse.GetValue(envFile),
            });
            if (options.Port == 0)
                throw new SettingException("port 0 lets serve pick a free port, which llm cannot know: give install the port serve listens on (--port)");
            try
            {
                var file = ProvidersFileLoader.Load(options.ProvidersPath);
                var aliases = file.Providers!.SelectMany(p => p.Models!).Select(m => m.Alias!).ToList();
                var keyName = options.ApiKeys.Count > 0 ? KeyName : null;
                var change = LlmModelsInstaller.Install(aliases, GatewayUrl(options.Host, options.Port), keyName);
                Report(change, GatewayUrl(options.Host, options.Port), keyName);
                return 0;
            }
            catch (Exception ex) when (ex is ProvidersFileException or ExtraModelsFileException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        }));
        return command;
    }

    /// <summary>`llm uninstall`: removes the entries install wrote and nothing else.</summary>
    private static Command Uninstall()
    {
        var command = new Command("uninstall", $"""
            Remove from llm's extra-openai-models.yaml exactly the entries `promptcapture llm install` wrote (those
            whose headers say {GatewayModelEntry.NoCaptureHeader}: {GatewayModelEntry.NoCaptureValue}); everything else stays byte for byte.

            Examples:
              promptcapture llm uninstall
              LLM_USER_PATH=~/llm-test promptcapture llm uninstall
            """);
        command.SetAction(_ =>
        {
            try
            {
                var change = LlmModelsInstaller.Uninstall();
                if (change.Written.Count == 0)
                    Console.WriteLine($"No PromptCapture models in {change.Path}; nothing to remove.");
                else
                    Console.WriteLine($"Removed {change.Written.Count} model{(change.Written.Count == 1 ? "" : "s")} ({string.Join(", ", change.Written)}) from {change.Path}{(change.Deleted ? ", which was left empty and is deleted" : "")}.");
                return 0;
            }
            catch (Exception ex) when (ex is ExtraModelsFileException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Says what install did, and how to give llm the gateway key when one is needed.</summary>
    private static void Report(LlmModelsChange change, string url, string? keyName)
    {
        var verb = change.Changed ? "Wrote" : "Already up to date:";
        Console.WriteLine($"{verb} {change.Written.Count} model{(change.Written.Count == 1 ? "" : "s")} in {change.Path}, each through {url}:");
        foreach (var alias in change.Written)
            Console.WriteLine($"  {alias}");
        foreach (var alias in change.Skipped)
            Console.WriteLine($"Skipped {alias}: an entry of your own in that file already has model_id {alias}.");
        Console.WriteLine($"llm sends {GatewayModelEntry.NoCaptureHeader}: {GatewayModelEntry.NoCaptureValue}, so these exchanges are logged once, by llm.");
        if (keyName is not null)
            Console.WriteLine($"The gateway wants a key: store one of its keys for llm with `llm keys set {keyName}`.");
        if (change.Written.Count > 0)
            Console.WriteLine($"Try: llm -m {change.Written[0]} \"hi\"");
    }

    /// <summary>
    /// The /v1 URL a client on this machine reaches serve at: a wildcard bind address is reached through loopback,
    /// an IPv6 address goes in brackets.
    /// </summary>
    public static string GatewayUrl(string host, int port)
    {
        var reachable = host.Trim() switch
        {
            "" or "0.0.0.0" or "*" or "+" => "127.0.0.1",
            "::" or "[::]" => "[::1]",
            var h when h.Contains(':') && !h.StartsWith('[') => $"[{h}]",
            var h => h,
        };
        return $"http://{reachable}:{port.ToString(CultureInfo.InvariantCulture)}/v1";
    }
}
