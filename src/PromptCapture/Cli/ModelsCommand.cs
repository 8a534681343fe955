using System.CommandLine;
using PromptCapture.Hosting;
using PromptCapture.Providers;

namespace PromptCapture.Cli;

/// <summary>`models`: lists the aliases of providers.json with their provider, upstream model and whether the key is set.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the command with its usage examples.</summary>
    public static Command Create()
    {
        var providers = CommonOptions.Providers();
        var envFile = CommonOptions.EnvFile();
        var command = new Command("models", """
            List the model aliases clients can send, and whether each provider's key is set.

            Examples:
              promptcapture models
              promptcapture models --providers ./providers.json
              promptcapture models --env-file ~/.config/promptcapture/.env
            """)
        {
            providers, envFile,
        };
        command.SetAction(parse => CommonOptions.WithSettings(() =>
        {
            var options = GatewayConfiguration.Load(new ServeFlags { Providers = parse.GetValue(providers), EnvFile = parse.GetValue(envFile) });
            ProvidersFile file;
            try
            {
                file = ProvidersFileLoader.Load(options.ProvidersPath);
            }
            catch (ProvidersFileException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            Console.WriteLine(Render(file, ApiKeySources.Environment));
            return 0;
        }));
        return command;
    }

    /// <summary>The table text: alias, provider, upstream model, key status; the default alias is marked.</summary>
    public static string Render(ProvidersFile file, ApiKeySource keys)
    {
        var rows = new List<string[]> { new[] { "ALIAS", "PROVIDER", "TYPE", "UPSTREAM MODEL", "KEY" } };
        foreach (var p in file.Providers!)
        {
            var key = p.ApiKeyEnv is null ? "not needed" : string.IsNullOrEmpty(keys(p.ApiKeyEnv)) ? $"missing ({p.ApiKeyEnv})" : $"set ({p.ApiKeyEnv})";
            foreach (var m in p.Models!)
                rows.Add([m.Alias == file.DefaultModel ? m.Alias + " (default)" : m.Alias!, p.Name!, p.Type!, m.Model!, key]);
        }
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return string.Join(Environment.NewLine, rows.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()));
    }
}
