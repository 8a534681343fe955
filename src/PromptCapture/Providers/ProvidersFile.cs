using System.Text.Json.Serialization;

namespace PromptCapture.Providers;

/// <summary>The shape of providers.json: which aliases exist and where each one goes.</summary>
public sealed class ProvidersFile
{
    /// <summary>The alias used when a request names no model.</summary>
    [JsonPropertyName("defaultModel")] public string? DefaultModel { get; set; }
    /// <summary>The upstream providers.</summary>
    [JsonPropertyName("providers")] public List<ProviderEntry>? Providers { get; set; }
}

/// <summary>One upstream provider: its kind, endpoint, key variable and the aliases it serves.</summary>
public sealed class ProviderEntry
{
    /// <summary>A unique name, shown in logs and captures.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>openai, azure-openai or echo.</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }
    /// <summary>Base URL (for openai: up to /v1; for azure-openai: the resource URL).</summary>
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }
    /// <summary>Name of the environment variable holding the key; never the key itself.</summary>
    [JsonPropertyName("apiKeyEnv")] public string? ApiKeyEnv { get; set; }
    /// <summary>Optional: whole-request timeout in seconds (default 600).</summary>
    [JsonPropertyName("timeoutSeconds")] public double? TimeoutSeconds { get; set; }
    /// <summary>Optional: longest wait in seconds for the next piece of an answer once it started, e.g. between streamed chunks (default 120).</summary>
    [JsonPropertyName("idleTimeoutSeconds")] public double? IdleTimeoutSeconds { get; set; }
    /// <summary>Optional: largest non-streaming answer accepted, in MB (default 50); a larger one is a 502.</summary>
    [JsonPropertyName("maxResponseMb")] public double? MaxResponseMb { get; set; }
    /// <summary>Optional: connect timeout in seconds (default 10).</summary>
    [JsonPropertyName("connectTimeoutSeconds")] public double? ConnectTimeoutSeconds { get; set; }
    /// <summary>Optional: how 429 and 5xx answers are retried (default: 2 retries, 500 ms base, Retry-After up to 10 s).</summary>
    [JsonPropertyName("retry")] public RetryEntry? Retry { get; set; }
    /// <summary>The aliases this provider serves.</summary>
    [JsonPropertyName("models")] public List<ModelEntry>? Models { get; set; }
}

/// <summary>Retry settings of one provider: exponential backoff with jitter, honouring Retry-After.</summary>
public sealed class RetryEntry
{
    /// <summary>Retries after the first attempt (0 turns retrying off).</summary>
    [JsonPropertyName("maxRetries")] public int? MaxRetries { get; set; }
    /// <summary>First backoff delay in milliseconds; doubles per retry, with jitter.</summary>
    [JsonPropertyName("baseDelayMs")] public int? BaseDelayMs { get; set; }
    /// <summary>A Retry-After longer than this is not waited for: the error goes back (or to a fallback) at once.</summary>
    [JsonPropertyName("maxRetryAfterSeconds")] public double? MaxRetryAfterSeconds { get; set; }
}

/// <summary>One alias: the name clients send and the upstream model (or Azure deployment) it maps to.</summary>
public sealed class ModelEntry
{
    /// <summary>The name clients send as "model".</summary>
    [JsonPropertyName("alias")] public string? Alias { get; set; }
    /// <summary>The upstream model id.</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>For azure-openai: the deployment name (defaults to model).</summary>
    [JsonPropertyName("deployment")] public string? Deployment { get; set; }
    /// <summary>Optional: aliases tried in order when this one fails before any byte reached the client.</summary>
    [JsonPropertyName("fallbacks")] public List<string>? Fallbacks { get; set; }
}

/// <summary>Source-generated JSON metadata for providers.json.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ProvidersFile))]
internal sealed partial class ProvidersJsonContext : JsonSerializerContext;
