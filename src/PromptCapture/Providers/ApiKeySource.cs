namespace PromptCapture.Providers;

/// <summary>Looks up provider keys by variable name; the process environment (with .env already loaded) unless a test supplies its own.</summary>
public delegate string? ApiKeySource(string variableName);

/// <summary>The standard key sources.</summary>
public static class ApiKeySources
{
    /// <summary>Reads keys from the process environment.</summary>
    public static readonly ApiKeySource Environment = static name => System.Environment.GetEnvironmentVariable(name);
}
