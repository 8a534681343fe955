using System.Globalization;

namespace PromptCapture.Hosting;

/// <summary>
/// The one place that decides the effective configuration: for each setting a flag beats the environment, the
/// environment beats the .env file, and the .env file beats the default in <see cref="GatewayOptions"/>.
/// </summary>
internal static class GatewayConfiguration
{
    /// <summary>
    /// Resolves this process's configuration: finds and reads the .env file, hands its provider keys to the
    /// environment, then decides every setting. Throws <see cref="SettingException"/> for an unusable value.
    /// </summary>
    public static GatewayOptions Load(ServeFlags flags)
    {
        var locations = ConfigLocations.Current();
        var sources = Sources(flags, Environment.GetEnvironmentVariable, locations);
        EnvFile.ExportMissing(sources.EnvFileValues);
        return Resolve(flags, sources, locations);
    }

    /// <summary>The environment plus the .env file chosen by --env-file, PROMPT_CAPTURE_ENV_FILE or the usual places.</summary>
    public static SettingSources Sources(ServeFlags flags, Func<string, string?> environment, ConfigLocations locations)
    {
        var variable = ServeSettings.EnvFile.Variable;
        var path = flags.EnvFile is { Length: > 0 } flag
            ? locations.EnvFile(ExpandHome(flag), ServeSettings.EnvFile.Flag)
            : locations.EnvFile(environment(variable) is { Length: > 0 } fromEnvironment ? ExpandHome(fromEnvironment) : null, $"{variable} (environment)");
        return new SettingSources(environment, EnvFile.Read(path), path);
    }

    /// <summary>Decides every setting from the flags, the sources and the defaults; pure, so precedence is testable.</summary>
    public static GatewayOptions Resolve(ServeFlags flags, SettingSources sources, ConfigLocations locations)
    {
        var defaults = new GatewayOptions();
        var database = Text(flags.Database, sources, ServeSettings.Database);
        var embeddings = Text(flags.EmbeddingsDatabase, sources, ServeSettings.EmbeddingsDatabase);
        var maxBodyMb = Number(flags.MaxBodyMb, sources, ServeSettings.MaxBodyMb, 1, 100_000);
        return defaults with
        {
            Host = Text(flags.Host, sources, ServeSettings.Host) ?? defaults.Host,
            Port = Number(flags.Port, sources, ServeSettings.Port, 0, 65535) ?? defaults.Port,
            ProvidersPath = locations.ProvidersFile(Text(flags.Providers, sources, ServeSettings.Providers) is { } p ? ExpandHome(p) : null),
            DatabasePath = database is null ? defaults.DatabasePath : Path.GetFullPath(ExpandHome(database), locations.WorkingDirectory),
            EmbeddingsDatabasePath = embeddings is null ? null : Path.GetFullPath(ExpandHome(embeddings), locations.WorkingDirectory),
            NoLog = flags.NoLog ?? Switch(sources.Find(ServeSettings.NoLog.Variable)) ?? defaults.NoLog,
            MaxBodyBytes = maxBodyMb is { } mb ? mb * 1024L * 1024 : defaults.MaxBodyBytes,
            ApiKeys = flags.ApiKeys.Count > 0 ? Keys(flags.ApiKeys) : Keys(sources.Find(ServeSettings.ApiKey.Variable)?.Text.Split(',') ?? []),
            AllowedHosts = List(flags.AllowedHosts, sources, ServeSettings.AllowedHost, HostRules.NormalizeHost, HostRules.HostShape),
            AllowedOrigins = List(flags.AllowedOrigins, sources, ServeSettings.AllowedOrigin, HostRules.NormalizeOrigin, HostRules.OriginShape),
            Viewer = ViewerMode(flags, sources) ?? defaults.Viewer,
            EnvFilePath = sources.EnvFilePath,
        };
    }

    /// <summary>The database path alone (for `logs`), decided the same way serve decides it.</summary>
    public static string? DatabasePath(string? flag) => Load(new ServeFlags { Database = flag }).DatabasePath;

    /// <summary>A text setting: the flag, else the variable; null when neither is set.</summary>
    private static string? Text(string? flag, SettingSources sources, ServeSetting setting) =>
        flag is { Length: > 0 } ? flag : sources.Find(setting.Variable)?.Text.Trim();

    /// <summary>A whole-number setting within [min, max]; an out-of-range flag or unreadable variable is reported with its origin.</summary>
    private static int? Number(int? flag, SettingSources sources, ServeSetting setting, int min, int max)
    {
        if (flag is { } given)
            return given >= min && given <= max ? given : throw new SettingException($"{setting.Flag} {given}: must be between {min} and {max}");
        if (sources.Find(setting.Variable) is not { } value)
            return null;
        return int.TryParse(value.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new SettingException($"{value.Origin} is '{value.Text}': must be a whole number between {min} and {max}");
    }

    /// <summary>An on/off variable: 1/true/yes/on or 0/false/no/off, any case.</summary>
    private static bool? Switch(SettingValue? value) => value?.Text.Trim().ToLowerInvariant() switch
    {
        null => null,
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new SettingException($"{value.Origin} is '{value.Text}': use 1, true, yes, on or 0, false, no, off"),
    };

    /// <summary>
    /// A repeatable setting: the flags when given (they replace the variable), else the comma-separated variable; each
    /// entry normalised, an unusable one reported with the flag or variable it came from.
    /// </summary>
    private static List<string> List(IReadOnlyList<string> flags, SettingSources sources, ServeSetting setting, Func<string, string?> normalize, string shape)
    {
        var value = flags.Count > 0 ? null : sources.Find(setting.Variable);
        var entries = flags.Count > 0 ? flags : value?.Text.Split(',') ?? [];
        var result = new List<string>();
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            var normalized = normalize(entry)
                ?? throw new SettingException($"{value?.Origin ?? setting.Flag} '{entry}': {shape}");
            if (!result.Contains(normalized, StringComparer.Ordinal))
                result.Add(normalized);
        }
        return result;
    }

    /// <summary>
    /// --no-viewer turns it off and --viewer forces it on (both at once is a mistake); else PROMPT_CAPTURE_VIEWER:
    /// on/1/true/yes, off/0/false/no or auto.
    /// </summary>
    private static Viewer.ViewerMode? ViewerMode(ServeFlags flags, SettingSources sources)
    {
        if (flags.NoViewer == true && flags.Viewer == true)
            throw new SettingException($"{ServeSettings.Viewer.Flag} and {ServeSettings.NoViewer.Flag} contradict each other: give one of them");
        if (flags.NoViewer == true)
            return PromptCapture.Viewer.ViewerMode.Off;
        if (flags.Viewer == true)
            return PromptCapture.Viewer.ViewerMode.On;
        var value = sources.Find(ServeSettings.Viewer.Variable);
        return value?.Text.Trim().ToLowerInvariant() switch
        {
            null => null,
            "auto" => PromptCapture.Viewer.ViewerMode.Auto,
            "1" or "true" or "yes" or "on" => PromptCapture.Viewer.ViewerMode.On,
            "0" or "false" or "no" or "off" => PromptCapture.Viewer.ViewerMode.Off,
            _ => throw new SettingException($"{value.Origin} is '{value.Text}': use on, off or auto"),
        };
    }

    /// <summary>Keys trimmed, blanks and repeats dropped.</summary>
    private static List<string> Keys(IEnumerable<string> keys) =>
        keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A leading ~ means the home folder, as in a shell: values from .env or a unit file are not expanded by one.</summary>
    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
