using System.CommandLine;
using PromptCapture.Capture.Store;
using PromptCapture.Hosting;

namespace PromptCapture.Cli;

/// <summary>Options several commands share, defined once; their help names the variable and default from <see cref="ServeSettings"/>.</summary>
internal static class CommonOptions
{
    /// <summary>--providers PATH; null when not given, so PROMPT_CAPTURE_PROVIDERS and the usual places can fill it.</summary>
    public static Option<string?> Providers() => new(ServeSettings.Providers.Flag) { Description = ServeSettings.Providers.Help };

    /// <summary>--db PATH; null when not given.</summary>
    public static Option<string?> Database() => new(ServeSettings.Database.Flag) { Description = ServeSettings.Database.Help };

    /// <summary>--env-file PATH; null when not given.</summary>
    public static Option<string?> EnvFile() => new(ServeSettings.EnvFile.Flag) { Description = ServeSettings.EnvFile.Help };

    /// <summary>The database a logs command works on: --db, else PROMPT_CAPTURE_DB (as serve decides it), else llm's logs.db.</summary>
    public static string DatabaseFile(string? flag) =>
        LlmDatabaseLocation.Resolve(GatewayConfiguration.DatabasePath(flag), createDirectory: false);

    /// <summary>A switch's value when it was given (--no-log, --no-log false), null when it was not.</summary>
    public static bool? Switch(ParseResult parse, Option<bool> option) => parse.GetResult(option) is null ? null : parse.GetValue(option);

    /// <summary>Runs a command body, turning an unusable setting into its message and exit code 2.</summary>
    public static int WithSettings(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SettingException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
