using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// The body of POST /v1/messages (and /v1/messages/count_tokens) as an Anthropic client sends it. Polymorphic fields
/// stay JsonElement so nothing the client wrote is lost; unknown fields land in <see cref="Extra"/>.
/// </summary>
public sealed class MessagesRequest
{
    /// <summary>The alias from providers.json.</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>Token limit of the answer (required by Anthropic for /v1/messages).</summary>
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    /// <summary>A string or a list of text blocks (cache_control tolerated).</summary>
    [JsonPropertyName("system")] public JsonElement? System { get; set; }
    /// <summary>The conversation: user and assistant turns, content a string or a list of blocks.</summary>
    [JsonPropertyName("messages")] public List<MessagesMessage?>? Messages { get; set; }
    /// <summary>Tool definitions (name, description, input_schema).</summary>
    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }
    /// <summary>auto, any, tool (named) or none.</summary>
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    /// <summary>Texts that end the answer.</summary>
    [JsonPropertyName("stop_sequences")] public List<string>? StopSequences { get; set; }
    /// <summary>Sampling temperature.</summary>
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    /// <summary>Nucleus sampling mass.</summary>
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    /// <summary>Top-k sampling.</summary>
    [JsonPropertyName("top_k")] public int? TopK { get; set; }
    /// <summary>Request metadata; user_id names the end user.</summary>
    [JsonPropertyName("metadata")] public JsonElement? Metadata { get; set; }
    /// <summary>Extended thinking configuration ({"type":"enabled","budget_tokens":n}).</summary>
    [JsonPropertyName("thinking")] public JsonElement? Thinking { get; set; }
    /// <summary>Whether to answer as server-sent events.</summary>
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    /// <summary>Every field this type does not name.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One turn of the conversation as the client sent it.</summary>
public sealed class MessagesMessage
{
    /// <summary>user or assistant.</summary>
    [JsonPropertyName("role")] public string? Role { get; set; }
    /// <summary>A string or a list of content blocks.</summary>
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
}
