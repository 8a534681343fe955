using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.Common;

/// <summary>The error envelope every failure is answered with: {"error": {...}}.</summary>
public sealed class OpenAIErrorEnvelope
{
    /// <summary>The error body.</summary>
    [JsonPropertyName("error")] public required OpenAIError Error { get; init; }
}

/// <summary>OpenAI's error body; all four keys are always present.</summary>
public sealed class OpenAIError
{
    /// <summary>A sentence a person can act on.</summary>
    [JsonPropertyName("message")] public required string Message { get; init; }
    /// <summary>invalid_request_error, authentication_error, api_error...</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>The offending request field, or null.</summary>
    [JsonPropertyName("param")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Param { get; init; }
    /// <summary>A machine-readable code, or null.</summary>
    [JsonPropertyName("code")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Code { get; init; }
}
