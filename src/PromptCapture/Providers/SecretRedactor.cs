namespace PromptCapture.Providers;

/// <summary>
/// Removes provider key values from text that came from outside (an upstream's error message may echo the key it
/// was sent), so no key reaches a client, a log line or the database. Its ToString reveals nothing.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a key is replaced with.</summary>
    public const string Mask = "[redacted]";

    private readonly string[] _secrets;

    /// <summary>Keeps the key values worth hiding (very short values would mask ordinary words).</summary>
    public SecretRedactor(IEnumerable<string?> secrets) =>
        _secrets = secrets.Where(s => s is { Length: >= 8 }).Select(s => s!).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The text with every key value masked.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
            if (text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>Says what this is without saying what it holds.</summary>
    public override string ToString() => $"SecretRedactor({_secrets.Length} keys)";
}
