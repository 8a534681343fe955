using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// The body of POST /v1/chat/completions as a client sends it. Polymorphic fields stay JsonElement so that
/// nothing the client wrote is lost; unknown fields land in <see cref="Extra"/> and are forwarded verbatim.
/// </summary>
public sealed class ChatCompletionRequest
{
    /// <summary>The alias from providers.json; empty means the default model.</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>The conversation so far.</summary>
    [JsonPropertyName("messages")] public List<ChatMessage>? Messages { get; set; }
    /// <summary>Whether to answer as server-sent events.</summary>
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    /// <summary>Streaming options; include_usage adds a final usage chunk.</summary>
    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }
    /// <summary>Sampling temperature.</summary>
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    /// <summary>Nucleus sampling mass.</summary>
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    /// <summary>Legacy token limit; sent upstream as max_tokens.</summary>
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    /// <summary>Token limit including reasoning tokens.</summary>
    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }
    /// <summary>A string or a list of stop sequences.</summary>
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }
    /// <summary>Deterministic sampling seed.</summary>
    [JsonPropertyName("seed")] public long? Seed { get; set; }
    /// <summary>Presence penalty.</summary>
    [JsonPropertyName("presence_penalty")] public double? PresencePenalty { get; set; }
    /// <summary>Frequency penalty.</summary>
    [JsonPropertyName("frequency_penalty")] public double? FrequencyPenalty { get; set; }
    /// <summary>End-user identifier for abuse monitoring.</summary>
    [JsonPropertyName("user")] public string? User { get; set; }
    /// <summary>Number of choices; only 1 is supported.</summary>
    [JsonPropertyName("n")] public int? N { get; set; }
    /// <summary>Whether to return token log probabilities.</summary>
    [JsonPropertyName("logprobs")] public bool? Logprobs { get; set; }
    /// <summary>How many alternatives per token position to return with logprobs.</summary>
    [JsonPropertyName("top_logprobs")] public int? TopLogprobs { get; set; }
    /// <summary>Token id -> bias map.</summary>
    [JsonPropertyName("logit_bias")] public Dictionary<string, int>? LogitBias { get; set; }
    /// <summary>Tool (function) definitions, forwarded untouched.</summary>
    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }
    /// <summary>auto, none, required or a named function, forwarded untouched.</summary>
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    /// <summary>Whether the model may call several tools at once.</summary>
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    /// <summary>text, json_object or json_schema, forwarded untouched.</summary>
    [JsonPropertyName("response_format")] public JsonElement? ResponseFormat { get; set; }
    /// <summary>Every field this type does not name; forwarded to the upstream as given.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The stream_options object.</summary>
public sealed class StreamOptions
{
    /// <summary>Whether a final chunk carries the usage.</summary>
    [JsonPropertyName("include_usage")] public bool? IncludeUsage { get; set; }
}

/// <summary>One message of the request; content is a string, a list of parts, or null.</summary>
public sealed class ChatMessage
{
    /// <summary>system, developer, user, assistant or tool.</summary>
    [JsonPropertyName("role")] public string? Role { get; set; }
    /// <summary>A string, a list of content parts, or null (assistant with tool calls).</summary>
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    /// <summary>Optional participant name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>Tool calls an assistant message made earlier.</summary>
    [JsonPropertyName("tool_calls")] public List<ToolCall>? ToolCalls { get; set; }
    /// <summary>For role tool: which call this answers.</summary>
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
    /// <summary>Reasoning an assistant message carried, if a client echoes it.</summary>
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; set; }
    /// <summary>Fields this type does not name (e.g. refusal, audio), tolerated on input.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A tool call as OpenAI spells it, in requests, responses and (with index) stream deltas.</summary>
public sealed class ToolCall
{
    /// <summary>Position of the call in a streamed answer; only in chunks.</summary>
    [JsonPropertyName("index")] public int? Index { get; set; }
    /// <summary>The call id the tool result refers to.</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }
    /// <summary>Always "function".</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }
    /// <summary>The function and its argument string.</summary>
    [JsonPropertyName("function")] public FunctionCall? Function { get; set; }
}

/// <summary>The function part of a tool call.</summary>
public sealed class FunctionCall
{
    /// <summary>The function name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>The arguments as the model wrote them (a JSON string, passed on unchanged).</summary>
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}
