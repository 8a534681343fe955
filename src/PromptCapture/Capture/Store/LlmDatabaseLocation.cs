
namespace PromptCapture.Capture.Store;

/// <summary>
/// Finds logs.db where <c>llm logs path</c> finds it, so the gateway writes into the same database the user
/// already reads with llm, and honours <c>llm logs off</c>.
/// </summary>
public static class LlmDatabaseLocation
{
    /// <summary>click.get_app_dir's name for llm.</summary>
    private const string AppName = "io.datasette.llm";

    /// <summary>The file <c>llm logs off</c> creates to turn logging off.</summary>
    public const string LogsOffFileName = "logs-off";

    /// <summary>
    /// llm's user_dir(): $LLM_USER_PATH, else the platform's app dir (XDG config on Linux, Application Support on
    /// macOS, %APPDATA% on Windows); created when missing, as llm does.
    /// </summary>
    public static string UserDirectory(bool create = true)
    {
        var directory = Environment.GetEnvironmentVariable("LLM_USER_PATH") is { Length: > 0 } custom
            ? custom
            : PlatformDirectory();
        if (create)
            Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The default database path, user_dir()/logs.db.</summary>
    public static string DefaultDatabasePath(bool createDirectory = true) =>
        Path.Combine(UserDirectory(createDirectory), "logs.db");

    /// <summary>The database path to use: the explicit one when given, else llm's default.</summary>
    public static string Resolve(string? explicitPath, bool createDirectory = true) =>
        explicitPath is { Length: > 0 } ? Path.GetFullPath(explicitPath) : DefaultDatabasePath(createDirectory);

    /// <summary>
    /// Whether logging is off for a database: a logs-off file beside it (for the default path that is llm's own
    /// switch in user_dir).
    /// </summary>
    public static bool IsLoggingOff(string databasePath) =>
        Path.GetDirectoryName(Path.GetFullPath(databasePath)) is { } directory
        && File.Exists(Path.Combine(directory, LogsOffFileName));

    /// <summary>
    /// Turns logging on or off for a database as <c>llm logs on</c> / <c>llm logs off</c> do: off creates an empty
    /// logs-off file beside it (and its folder, as llm creates user_dir), on deletes that file if it is there.
    /// </summary>
    public static void SetLoggingOff(string databasePath, bool off)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        var marker = Path.Combine(directory, LogsOffFileName);
        if (!off)
        {
            File.Delete(marker); // no error when it is not there, like Path.unlink after exists()
            return;
        }
        Directory.CreateDirectory(directory);
        using (File.Open(marker, FileMode.OpenOrCreate, FileAccess.Write)) { } // touch: never truncates or replaces
    }

    /// <summary>click.get_app_dir(roaming=True, force_posix=False) for each platform.</summary>
    private static string PlatformDirectory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
        {
            var appData = Environment.GetEnvironmentVariable("APPDATA") is { Length: > 0 } a
                ? a : Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            return Path.Combine(appData, AppName);
        }
        if (OperatingSystem.IsMacOS())
            return Path.Combine(home, "Library", "Application Support", AppName);
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x
            ? x : Path.Combine(home, ".config");
        return Path.Combine(config, AppName);
    }
}
