namespace PromptCapture.Hosting;

/// <summary>Where a setting not given as a flag is looked up: the process environment first, then the .env file.</summary>
/// <param name="environment">Reads one environment variable (the process's, or a test's dictionary).</param>
/// <param name="envFile">The variables of the .env file; empty when there is none.</param>
/// <param name="envFilePath">The .env file's path, named in error messages; null when there is none.</param>
internal sealed class SettingSources(Func<string, string?> environment, IReadOnlyDictionary<string, string> envFile, string? envFilePath)
{
    /// <summary>Sources with nothing in them: every setting takes its default.</summary>
    public static SettingSources None { get; } = new(_ => null, new Dictionary<string, string>(), null);

    /// <summary>The .env file's path, or null.</summary>
    public string? EnvFilePath => envFilePath;

    /// <summary>Every variable of the .env file, for handing provider keys to the process.</summary>
    public IReadOnlyDictionary<string, string> EnvFileValues => envFile;

    /// <summary>The value of a variable and where it came from, or null when neither source sets it (an empty value counts as unset).</summary>
    public SettingValue? Find(string variable)
    {
        if (environment(variable) is { Length: > 0 } fromEnvironment)
            return new SettingValue(fromEnvironment, $"{variable} (environment)");
        if (envFile.TryGetValue(variable, out var fromFile) && fromFile.Length > 0)
            return new SettingValue(fromFile, $"{variable} ({envFilePath})");
        return null;
    }
}

/// <summary>A setting's text and where it came from, so an unusable value is reported with its origin.</summary>
/// <param name="Text">The value as written.</param>
/// <param name="Origin">The variable and its source, e.g. "PROMPT_CAPTURE_PORT (environment)".</param>
internal sealed record SettingValue(string Text, string Origin);
