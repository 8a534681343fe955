using System.Text.Json;

namespace PromptCapture.Providers;

/// <summary>Reads and validates providers.json so that a mistake stops the server at start, not at the first request.</summary>
public static class ProvidersFileLoader
{
    /// <summary>The largest timeout (seconds) or size (MB) a provider may set.</summary>
    private const double MaxSetting = 1_000_000;

    /// <summary>Loads the file at <paramref name="path"/>; throws <see cref="ProvidersFileException"/> naming file, provider and field.</summary>
    public static ProvidersFile Load(string path)
    {
        if (!File.Exists(path))
            throw new ProvidersFileException($"{path}: file not found (pass --providers PATH, or run from the folder that holds providers.json)");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates providers.json text; <paramref name="source"/> names it in messages.</summary>
    public static ProvidersFile Parse(string json, string source)
    {
        ProvidersFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ProvidersJsonContext.Default.ProvidersFile);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $" at {ex.Path}";
            throw new ProvidersFileException($"{source}: invalid JSON{where} (line {ex.LineNumber + 1}): {FirstSentence(ex.Message)}");
        }
        if (file is null)
            throw new ProvidersFileException($"{source}: the file is empty or null; it needs \"defaultModel\" and \"providers\"");
        Validate(file, source);
        return file;
    }

    /// <summary>Checks every rule of the file format, naming the first broken one.</summary>
    private static void Validate(ProvidersFile file, string source)
    {
        if (file.Providers is null || file.Providers.Count == 0)
            throw new ProvidersFileException($"{source}: field \"providers\" is missing or empty");
        var providerNames = new HashSet<string>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Providers.Count; i++)
        {
            var p = file.Providers[i];
            var label = string.IsNullOrWhiteSpace(p.Name) ? $"providers[{i}]" : $"provider \"{p.Name}\"";
            if (string.IsNullOrWhiteSpace(p.Name))
                throw Fail(source, label, "name", "is missing");
            if (!providerNames.Add(p.Name))
                throw Fail(source, label, "name", "is used by another provider too");
            if (string.IsNullOrWhiteSpace(p.Type))
                throw Fail(source, label, "type", $"is missing (one of {string.Join(", ", ProviderKind.All)})");
            if (Array.IndexOf(ProviderKind.All, p.Type) < 0)
                throw Fail(source, label, "type", $"\"{p.Type}\" is unknown (one of {string.Join(", ", ProviderKind.All)})");
            ValidateEndpoint(p, source, label);
            if (p.Type is ProviderKind.AzureOpenAI or ProviderKind.Anthropic && string.IsNullOrWhiteSpace(p.ApiKeyEnv))
                throw Fail(source, label, "apiKeyEnv", $"is missing ({p.Type} needs a key)");
            if (p.Retry is { } retry && (retry.MaxRetries is < 0 or > 10 || retry.BaseDelayMs is < 0 || retry.MaxRetryAfterSeconds is < 0))
                throw Fail(source, label, "retry", "needs maxRetries 0-10, baseDelayMs >= 0 and maxRetryAfterSeconds >= 0");
            foreach (var (field, value) in new[] { ("timeoutSeconds", p.TimeoutSeconds), ("connectTimeoutSeconds", p.ConnectTimeoutSeconds), ("idleTimeoutSeconds", p.IdleTimeoutSeconds), ("maxResponseMb", p.MaxResponseMb) })
            {
                // The upper bound (11 days, or a terabyte) only keeps the value inside what a TimeSpan or a byte count holds.
                if (value is <= 0 or > MaxSetting || (value is { } v && double.IsNaN(v)))
                    throw Fail(source, label, field, $"must be a positive number up to {MaxSetting}");
            }
            if (p.Models is null || p.Models.Count == 0)
                throw Fail(source, label, "models", "is missing or empty");
            for (var j = 0; j < p.Models.Count; j++)
            {
                var m = p.Models[j];
                if (string.IsNullOrWhiteSpace(m.Alias))
                    throw Fail(source, label, $"models[{j}].alias", "is missing");
                if (string.IsNullOrWhiteSpace(m.Model))
                    throw Fail(source, label, $"models[{j}].model", "is missing");
                if (aliases.TryGetValue(m.Alias, out var owner))
                    throw Fail(source, label, $"models[{j}].alias", $"\"{m.Alias}\" is already defined by provider \"{owner}\"; aliases are unique across providers");
                aliases[m.Alias] = p.Name;
            }
        }
        ValidateFallbacks(file, source, aliases);
        if (string.IsNullOrWhiteSpace(file.DefaultModel))
            throw new ProvidersFileException($"{source}: field \"defaultModel\" is missing");
        if (!aliases.ContainsKey(file.DefaultModel))
            throw new ProvidersFileException($"{source}: field \"defaultModel\": \"{file.DefaultModel}\" is not an alias of any provider");
    }

    /// <summary>Every fallback names another existing alias.</summary>
    private static void ValidateFallbacks(ProvidersFile file, string source, Dictionary<string, string> aliases)
    {
        foreach (var p in file.Providers!)
        {
            for (var j = 0; j < p.Models!.Count; j++)
            {
                var m = p.Models[j];
                foreach (var fallback in m.Fallbacks ?? [])
                {
                    if (fallback == m.Alias)
                        throw Fail(source, $"provider \"{p.Name}\"", $"models[{j}].fallbacks", $"names the alias \"{m.Alias}\" itself");
                    if (!aliases.ContainsKey(fallback))
                        throw Fail(source, $"provider \"{p.Name}\"", $"models[{j}].fallbacks", $"\"{fallback}\" is not an alias of any provider");
                }
            }
        }
    }

    /// <summary>openai and azure-openai need an absolute http(s) endpoint; echo needs none; anthropic's defaults to Anthropic's API.</summary>
    private static void ValidateEndpoint(ProviderEntry p, string source, string label)
    {
        if (p.Type == ProviderKind.Echo || (p.Type == ProviderKind.Anthropic && p.Endpoint is null))
            return;
        if (string.IsNullOrWhiteSpace(p.Endpoint))
            throw Fail(source, label, "endpoint", "is missing");
        if (!Uri.TryCreate(p.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Fail(source, label, "endpoint", $"\"{p.Endpoint}\" is not an absolute http(s) URL");
    }

    /// <summary>Builds the error for one field of one provider.</summary>
    private static ProvidersFileException Fail(string source, string label, string field, string problem) =>
        new($"{source}: {label}: field \"{field}\" {problem}");

    /// <summary>System.Text.Json messages run long; the first sentence is enough.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
