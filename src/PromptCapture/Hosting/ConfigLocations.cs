namespace PromptCapture.Hosting;

/// <summary>
/// The folders a setting file may be found in, in the order they are tried: the folder the user typed the command
/// in, the gateway's own config folder (where a service keeps its files), and, for providers.json only, the file
/// shipped beside the gateway so a fresh tool install works out of the box.
/// </summary>
/// <param name="WorkingDirectory">The folder the command was typed in.</param>
/// <param name="ConfigDirectory">The gateway's config folder (see <see cref="UserConfigDirectory"/>).</param>
/// <param name="ShippedDirectory">The folder the gateway's binaries (and its default providers.json) are in.</param>
internal sealed record ConfigLocations(string WorkingDirectory, string ConfigDirectory, string ShippedDirectory)
{
    /// <summary>The providers file's name, wherever it is looked up.</summary>
    public const string ProvidersFileName = "providers.json";

    /// <summary>The .env file's name, wherever it is looked up.</summary>
    public const string EnvFileName = ".env";

    /// <summary>The config folder as help and README spell it (the Linux default).</summary>
    public const string DisplayConfigDirectory = "~/.config/promptcapture";

    /// <summary>The locations of this process.</summary>
    public static ConfigLocations Current() => new(Environment.CurrentDirectory, UserConfigDirectory(), AppContext.BaseDirectory);

    /// <summary>
    /// $XDG_CONFIG_HOME/promptcapture, else ~/.config/promptcapture (Linux and macOS); %APPDATA%\promptcapture on
    /// Windows. Not created: it is only read.
    /// </summary>
    public static string UserConfigDirectory()
    {
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "promptcapture");
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "promptcapture");
    }

    /// <summary>
    /// The providers.json to load: an explicit path, relative to the working folder (the loader reports it if missing), else the first that
    /// exists of ./providers.json, the config folder's and the shipped one; ./providers.json when none does, so the
    /// error names the file the user most likely meant.
    /// </summary>
    public string ProvidersFile(string? explicitPath) =>
        explicitPath is { Length: > 0 }
            ? Path.GetFullPath(explicitPath, WorkingDirectory)
            : FirstExisting(ProvidersFileName, WorkingDirectory, ConfigDirectory, ShippedDirectory) ?? Path.Combine(WorkingDirectory, ProvidersFileName);

    /// <summary>
    /// The .env file to read: an explicit path, which must exist, else ./.env or the config folder's .env, or null
    /// when neither exists (keys then come from the environment alone).
    /// </summary>
    public string? EnvFile(string? explicitPath, string origin)
    {
        if (explicitPath is not { Length: > 0 })
            return FirstExisting(EnvFileName, WorkingDirectory, ConfigDirectory);
        var full = Path.GetFullPath(explicitPath, WorkingDirectory);
        return File.Exists(full) ? full : throw new SettingException($"{origin}: the env file {full} does not exist");
    }

    /// <summary>The full path of the first folder's <paramref name="name"/> that exists, or null.</summary>
    private static string? FirstExisting(string name, params string[] folders) =>
        folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}
