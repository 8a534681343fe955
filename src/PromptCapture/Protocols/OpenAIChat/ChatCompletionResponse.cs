using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>A non-streaming answer in OpenAI's chat.completion shape.</summary>
public sealed class ChatCompletionResponse
{
    /// <summary>The gateway's id for this exchange ("chatcmpl-...").</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>Always "chat.completion".</summary>
    [JsonPropertyName("object")] public string Object { get; init; } = "chat.completion";
    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("created")] public long Created { get; init; }
    /// <summary>The alias the client asked for.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }
    /// <summary>The upstream's system fingerprint, when it sent one.</summary>
    [JsonPropertyName("system_fingerprint")] public string? SystemFingerprint { get; init; }
    /// <summary>The upstream's service tier, when it sent one.</summary>
    [JsonPropertyName("service_tier")] public string? ServiceTier { get; init; }
    /// <summary>The single choice.</summary>
    [JsonPropertyName("choices")] public required List<Choice> Choices { get; init; }
    /// <summary>Token counts from the upstream.</summary>
    [JsonPropertyName("usage")] public Usage? Usage { get; init; }
}

/// <summary>One choice of a non-streaming answer.</summary>
public sealed class Choice
{
    /// <summary>Always 0: only one choice is produced.</summary>
    [JsonPropertyName("index")] public int Index { get; init; }
    /// <summary>The assistant message.</summary>
    [JsonPropertyName("message")] public required ResponseMessage Message { get; init; }
    /// <summary>Token log probabilities, when asked for; null otherwise, as OpenAI writes it.</summary>
    [JsonPropertyName("logprobs")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public JsonElement? Logprobs { get; init; }
    /// <summary>stop, length, tool_calls, content_filter.</summary>
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; init; }
}

/// <summary>The assistant message of a non-streaming answer.</summary>
public sealed class ResponseMessage
{
    /// <summary>Always "assistant".</summary>
    [JsonPropertyName("role")] public string Role { get; init; } = "assistant";
    /// <summary>The text; null when the model only called tools.</summary>
    [JsonPropertyName("content")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Content { get; init; }
    /// <summary>Reasoning text of reasoning models (DeepSeek's reasoning_content).</summary>
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; init; }
    /// <summary>A refusal, when the model refused; null otherwise, as OpenAI writes it.</summary>
    [JsonPropertyName("refusal")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Refusal { get; init; }
    /// <summary>Tool calls the model made.</summary>
    [JsonPropertyName("tool_calls")] public List<ToolCall>? ToolCalls { get; init; }
}

/// <summary>Token usage as OpenAI reports it.</summary>
public sealed class Usage
{
    /// <summary>Prompt tokens.</summary>
    [JsonPropertyName("prompt_tokens")] public long PromptTokens { get; init; }
    /// <summary>Completion tokens.</summary>
    [JsonPropertyName("completion_tokens")] public long CompletionTokens { get; init; }
    /// <summary>Sum of both.</summary>
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; init; }
    /// <summary>Cached-token details, when reported.</summary>
    [JsonPropertyName("prompt_tokens_details")] public PromptTokensDetails? PromptTokensDetails { get; init; }
    /// <summary>Reasoning-token details, when reported.</summary>
    [JsonPropertyName("completion_tokens_details")] public CompletionTokensDetails? CompletionTokensDetails { get; init; }
}

/// <summary>Prompt token breakdown.</summary>
public sealed class PromptTokensDetails
{
    /// <summary>Tokens served from the provider's prompt cache.</summary>
    [JsonPropertyName("cached_tokens")] public long CachedTokens { get; init; }
}

/// <summary>Completion token breakdown.</summary>
public sealed class CompletionTokensDetails
{
    /// <summary>Tokens spent on reasoning.</summary>
    [JsonPropertyName("reasoning_tokens")] public long ReasoningTokens { get; init; }
}

/// <summary>One server-sent event of a streamed answer (chat.completion.chunk).</summary>
public sealed class ChatCompletionChunk
{
    /// <summary>Same id on every chunk of one answer.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>Always "chat.completion.chunk".</summary>
    [JsonPropertyName("object")] public string Object { get; init; } = "chat.completion.chunk";
    /// <summary>Same created on every chunk.</summary>
    [JsonPropertyName("created")] public long Created { get; init; }
    /// <summary>The alias the client asked for.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }
    /// <summary>The upstream's system fingerprint, when it sent one.</summary>
    [JsonPropertyName("system_fingerprint")] public string? SystemFingerprint { get; init; }
    /// <summary>One choice delta, or empty on the usage chunk.</summary>
    [JsonPropertyName("choices")] public required List<ChunkChoice> Choices { get; init; }
    /// <summary>Only on the final usage chunk.</summary>
    [JsonPropertyName("usage")] public Usage? Usage { get; init; }
}

/// <summary>The choice of one chunk.</summary>
public sealed class ChunkChoice
{
    /// <summary>Always 0.</summary>
    [JsonPropertyName("index")] public int Index { get; init; }
    /// <summary>What this chunk adds.</summary>
    [JsonPropertyName("delta")] public required ChunkDelta Delta { get; init; }
    /// <summary>Token log probabilities for this delta, when asked for; null otherwise, as OpenAI writes it.</summary>
    [JsonPropertyName("logprobs")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public JsonElement? Logprobs { get; init; }
    /// <summary>Set on the last choice chunk only; null (sent as null) before.</summary>
    [JsonPropertyName("finish_reason")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? FinishReason { get; init; }
}

/// <summary>The delta of one chunk.</summary>
public sealed class ChunkDelta
{
    /// <summary>"assistant" on the first chunk only.</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }
    /// <summary>A piece of text.</summary>
    [JsonPropertyName("content")] public string? Content { get; init; }
    /// <summary>A piece of reasoning text.</summary>
    [JsonPropertyName("reasoning_content")] public string? ReasoningContent { get; init; }
    /// <summary>A piece of a refusal.</summary>
    [JsonPropertyName("refusal")] public string? Refusal { get; init; }
    /// <summary>Tool call fragments, with index.</summary>
    [JsonPropertyName("tool_calls")] public List<ToolCall>? ToolCalls { get; init; }
}
