using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.Models;

/// <summary>GET /v1/models answer.</summary>
public sealed class ModelList
{
    /// <summary>Always "list".</summary>
    [JsonPropertyName("object")] public string Object { get; init; } = "list";
    /// <summary>One entry per alias.</summary>
    [JsonPropertyName("data")] public required List<ModelInfo> Data { get; init; }
}

/// <summary>One model (alias) in OpenAI's model shape.</summary>
public sealed class ModelInfo
{
    /// <summary>The alias clients send as "model".</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>Always "model".</summary>
    [JsonPropertyName("object")] public string Object { get; init; } = "model";
    /// <summary>Unix seconds; the time the providers file was loaded.</summary>
    [JsonPropertyName("created")] public long Created { get; init; }
    /// <summary>The provider name from providers.json.</summary>
    [JsonPropertyName("owned_by")] public required string OwnedBy { get; init; }
}

/// <summary>GET /v1/models answer in Anthropic's shape (for requests that carry anthropic-version).</summary>
public sealed class AnthropicModelList
{
    /// <summary>One entry per alias.</summary>
    [JsonPropertyName("data")] public required List<AnthropicModelInfo> Data { get; init; }
    /// <summary>Always false: every alias is on the one page.</summary>
    [JsonPropertyName("has_more")] public bool HasMore { get; init; }
    /// <summary>The first alias, or null when there is none.</summary>
    [JsonPropertyName("first_id")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? FirstId { get; init; }
    /// <summary>The last alias, or null when there is none.</summary>
    [JsonPropertyName("last_id")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? LastId { get; init; }
}

/// <summary>One model (alias) in Anthropic's model shape.</summary>
public sealed class AnthropicModelInfo
{
    /// <summary>Always "model".</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "model";
    /// <summary>The alias clients send as "model".</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>A human-readable name: the alias and the upstream model it stands for.</summary>
    [JsonPropertyName("display_name")] public required string DisplayName { get; init; }
    /// <summary>RFC 3339 time the providers file was loaded.</summary>
    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }
}

/// <summary>The models listing's serializer context, over the shared wire settings.</summary>
public static class ModelsJson
{
    /// <summary>Source-generated metadata for the listing types.</summary>
    public static readonly ModelsJsonContext Context = new(Common.WireJson.NewOptions());
}

/// <summary>Source-generated JSON metadata for the models listing.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(AnthropicModelList))]
[JsonSerializable(typeof(AnthropicModelInfo))]
public sealed partial class ModelsJsonContext : JsonSerializerContext;
