using System.CommandLine;

namespace PromptCapture.Cli;

/// <summary>Options several commands share, defined once.</summary>
public static class CommonOptions
{
    /// <summary>--providers PATH.</summary>
    public static Option<string> Providers() =>
        new("--providers") { Description = "Path of providers.json", DefaultValueFactory = _ => "providers.json" };

    /// <summary>--db PATH.</summary>
    public static Option<string?> Database(string description) => new("--db") { Description = description };

    /// <summary>--env-file PATH.</summary>
    public static Option<string> EnvFile() =>
        new("--env-file") { Description = "File of KEY=value lines to load keys from (the environment wins over it)", DefaultValueFactory = _ => ".env" };

    /// <summary>Loads keys from a .env file if it exists, without overriding variables already set in the environment.</summary>
    public static void LoadEnvFile(string? path)
    {
        if (!string.IsNullOrEmpty(path) && File.Exists(path))
            DotNetEnv.Env.NoClobber().Load(path);
    }
}
