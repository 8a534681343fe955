using System.CommandLine;
using PromptCapture.Hosting;

namespace PromptCapture.Cli;

/// <summary>`service unit`: prints a systemd unit that runs this very gateway's serve, so it can run in the background as Ollama does.</summary>
internal static class ServiceCommand
{
    /// <summary>Serve options whose value is a path: made absolute, since a service does not run in the folder the user is in.</summary>
    private static readonly string[] PathOptions = [ServeSettings.Providers.Flag, ServeSettings.Database.Flag, ServeSettings.EnvFile.Flag];

    /// <summary>Builds `service` and its `unit` subcommand with usage examples.</summary>
    public static Command Create()
    {
        var user = new Option<bool>("--user") { Description = "Print a user unit (systemctl --user) instead of a system unit" };
        var runAs = new Option<string?>("--run-as")
        {
            Description = "System unit only: the account serve runs as; llm's logs.db in its home gets the captures [default: you, unless you are root]",
        };
        var serveOptions = new Argument<string[]>("serve-options")
        {
            Description = "Options for serve, after --, exactly as `promptcapture serve` takes them (paths are made absolute)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var unit = new Command("unit", $"""
            Print a systemd unit that runs `promptcapture serve` with the options given after --.
            It restarts on failure, stops with SIGTERM (waiting {(int)GatewayOptions.ShutdownTimeout.TotalSeconds}+ s for the capture drain) and reads
            keys and PROMPT_CAPTURE_* settings from {ConfigLocations.DisplayConfigDirectory}/.env (user unit) or {SystemdUnit.SystemEnvironmentFile} (system unit).

            Examples:
              promptcapture service unit --user > ~/.config/systemd/user/promptcapture.service
              systemctl --user daemon-reload && systemctl --user enable --now promptcapture
              promptcapture service unit --user -- --port 11435 --db ~/captures.db
              promptcapture service unit | sudo tee /etc/systemd/system/promptcapture.service
              promptcapture service unit --run-as alice -- --host 0.0.0.0 --api-key my-gateway-key
            """)
        {
            user, runAs, serveOptions,
        };
        unit.SetAction(parse =>
        {
            var options = Absolute(parse.GetValue(serveOptions) ?? []);
            var check = new RootCommand { ServeCommand.Create() }.Parse(["serve", .. options]);
            if (check.Errors.Count > 0)
            {
                Console.Error.WriteLine($"error: serve options: {string.Join("; ", check.Errors.Select(e => e.Message))}");
                return 2;
            }
            var account = parse.GetValue(runAs) ?? (Environment.UserName is "root" ? null : Environment.UserName);
            Console.Write(SystemdUnit.Render(parse.GetValue(user), [.. SystemdUnit.Launcher(), "serve", .. options], account, SystemdUnit.DotnetRoot()));
            return 0;
        });
        return new Command("service", """
            Run the gateway as a background service (systemd).

            Examples:
              promptcapture service unit --user > ~/.config/systemd/user/promptcapture.service
              promptcapture service unit --user -- --port 11435 --db ~/captures.db
            """)
        {
            unit,
        };
    }

    /// <summary>The serve options with every path value absolute (both `--db x` and `--db=x` forms; ~ means home).</summary>
    private static List<string> Absolute(IReadOnlyList<string> options)
    {
        var result = new List<string>(options.Count);
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            if (PathOptions.Contains(option) && i + 1 < options.Count)
            {
                result.Add(option);
                result.Add(FullPath(options[++i]));
            }
            else if (PathOptions.FirstOrDefault(p => option.StartsWith(p + "=", StringComparison.Ordinal)) is { } name)
            {
                result.Add(name + "=" + FullPath(option[(name.Length + 1)..]));
            }
            else
            {
                result.Add(option);
            }
        }
        return result;
    }

    /// <summary>An absolute path from the current folder, ~ expanded.</summary>
    private static string FullPath(string path) => Path.GetFullPath(GatewayConfiguration.ExpandHome(path));
}
