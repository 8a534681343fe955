using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// The body of POST /v1/responses as a client sends it. Polymorphic fields stay JsonElement so nothing the client
/// wrote is lost; unknown fields land in <see cref="Extra"/>.
/// </summary>
public sealed class ResponsesRequest
{
    /// <summary>The alias from providers.json; empty means the default model.</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>A string (one user message) or a list of input items.</summary>
    [JsonPropertyName("input")] public JsonElement? Input { get; set; }
    /// <summary>The system (developer) message.</summary>
    [JsonPropertyName("instructions")] public string? Instructions { get; set; }
    /// <summary>Whether to answer as server-sent events.</summary>
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    /// <summary>Tool definitions (function, namespace, custom and hosted types).</summary>
    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }
    /// <summary>auto, none, required or a named function.</summary>
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    /// <summary>Whether the model may call several tools at once.</summary>
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    /// <summary>Output text options; text.format is the structured-output switch.</summary>
    [JsonPropertyName("text")] public JsonElement? Text { get; set; }
    /// <summary>Token limit of the answer, reasoning included.</summary>
    [JsonPropertyName("max_output_tokens")] public int? MaxOutputTokens { get; set; }
    /// <summary>Sampling temperature.</summary>
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    /// <summary>Nucleus sampling mass.</summary>
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    /// <summary>Reasoning options (effort, summary).</summary>
    [JsonPropertyName("reasoning")] public JsonElement? Reasoning { get; set; }
    /// <summary>Key-value pairs the client attaches.</summary>
    [JsonPropertyName("metadata")] public JsonElement? Metadata { get; set; }
    /// <summary>End-user identifier.</summary>
    [JsonPropertyName("user")] public string? User { get; set; }
    /// <summary>Whether OpenAI should keep the response; the gateway keeps every exchange in its capture anyway.</summary>
    [JsonPropertyName("store")] public bool? Store { get; set; }
    /// <summary>An earlier response whose conversation this one continues, read back from the capture database.</summary>
    [JsonPropertyName("previous_response_id")] public string? PreviousResponseId { get; set; }
    /// <summary>Every field this type does not name.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
