using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>The answer of POST /v1/messages, in Anthropic's shape; also the "message" of a stream's message_start.</summary>
public sealed class MessageObject
{
    /// <summary>msg_..., the gateway's id of the exchange.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>Always "message".</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "message";
    /// <summary>Always "assistant".</summary>
    [JsonPropertyName("role")] public string Role { get; init; } = "assistant";
    /// <summary>The alias the client asked for.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }
    /// <summary>Thinking, text and tool_use blocks, in order.</summary>
    [JsonPropertyName("content")] public required List<ContentBlock> Content { get; init; }
    /// <summary>end_turn, max_tokens, stop_sequence, tool_use or refusal; null in message_start.</summary>
    [JsonPropertyName("stop_reason")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? StopReason { get; init; }
    /// <summary>The stop sequence that ended the answer, or null.</summary>
    [JsonPropertyName("stop_sequence")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? StopSequence { get; init; }
    /// <summary>Token counts.</summary>
    [JsonPropertyName("usage")] public required MessageUsage Usage { get; init; }
}

/// <summary>Token counts as Anthropic reports them: input_tokens excludes what was read from or written to the cache.</summary>
public sealed class MessageUsage
{
    /// <summary>Input tokens not served from the cache.</summary>
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; init; }
    /// <summary>Input tokens written to the cache.</summary>
    [JsonPropertyName("cache_creation_input_tokens")] public long? CacheCreationInputTokens { get; init; }
    /// <summary>Input tokens read from the cache.</summary>
    [JsonPropertyName("cache_read_input_tokens")] public long? CacheReadInputTokens { get; init; }
    /// <summary>Output tokens.</summary>
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; init; }
}

/// <summary>One content block of an answer; the "type" discriminator is written first, as Anthropic does.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(ToolUseBlock), "tool_use")]
[JsonDerivedType(typeof(ThinkingBlock), "thinking")]
public abstract class ContentBlock;

/// <summary>A text block.</summary>
public sealed class TextBlock : ContentBlock
{
    /// <summary>The text (empty in a stream's content_block_start).</summary>
    [JsonPropertyName("text")] public required string Text { get; init; }
}

/// <summary>A tool call: id, tool name and the input object.</summary>
public sealed class ToolUseBlock : ContentBlock
{
    /// <summary>The call id the client's tool_result refers to.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>The tool name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>The arguments as a JSON object (empty in a stream's content_block_start).</summary>
    [JsonPropertyName("input")] public required JsonElement Input { get; init; }
}

/// <summary>The model's reasoning; the signature is empty when the upstream is not Anthropic (nothing to verify).</summary>
public sealed class ThinkingBlock : ContentBlock
{
    /// <summary>The reasoning text.</summary>
    [JsonPropertyName("thinking")] public required string Thinking { get; init; }
    /// <summary>The upstream's signature, or empty.</summary>
    [JsonPropertyName("signature")] public string Signature { get; init; } = "";
}

/// <summary>One event of a Messages stream; the event's SSE name is its type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MessageStartEvent), "message_start")]
[JsonDerivedType(typeof(ContentBlockStartEvent), "content_block_start")]
[JsonDerivedType(typeof(ContentBlockDeltaEvent), "content_block_delta")]
[JsonDerivedType(typeof(ContentBlockStopEvent), "content_block_stop")]
[JsonDerivedType(typeof(MessageDeltaEvent), "message_delta")]
[JsonDerivedType(typeof(MessageStopEvent), "message_stop")]
[JsonDerivedType(typeof(PingEvent), "ping")]
[JsonDerivedType(typeof(ErrorEvent), "error")]
public abstract class MessagesEvent
{
    /// <summary>The SSE event name, the same as the JSON type.</summary>
    [JsonIgnore]
    public string Name => this switch
    {
        MessageStartEvent => "message_start",
        ContentBlockStartEvent => "content_block_start",
        ContentBlockDeltaEvent => "content_block_delta",
        ContentBlockStopEvent => "content_block_stop",
        MessageDeltaEvent => "message_delta",
        MessageStopEvent => "message_stop",
        PingEvent => "ping",
        _ => "error",
    };
}

/// <summary>Opens the stream with the message, no content yet.</summary>
public sealed class MessageStartEvent : MessagesEvent
{
    /// <summary>The message with empty content and null stop_reason.</summary>
    [JsonPropertyName("message")] public required MessageObject Message { get; init; }
}

/// <summary>Opens a content block at an index.</summary>
public sealed class ContentBlockStartEvent : MessagesEvent
{
    /// <summary>The block's index in content.</summary>
    [JsonPropertyName("index")] public int Index { get; init; }
    /// <summary>The block, empty.</summary>
    [JsonPropertyName("content_block")] public required ContentBlock ContentBlock { get; init; }
}

/// <summary>The next piece of an open block.</summary>
public sealed class ContentBlockDeltaEvent : MessagesEvent
{
    /// <summary>The block's index.</summary>
    [JsonPropertyName("index")] public int Index { get; init; }
    /// <summary>text_delta, input_json_delta or thinking_delta.</summary>
    [JsonPropertyName("delta")] public required BlockDelta Delta { get; init; }
}

/// <summary>Closes a block.</summary>
public sealed class ContentBlockStopEvent : MessagesEvent
{
    /// <summary>The block's index.</summary>
    [JsonPropertyName("index")] public int Index { get; init; }
}

/// <summary>The end of the answer: stop reason and the final token counts.</summary>
public sealed class MessageDeltaEvent : MessagesEvent
{
    /// <summary>stop_reason and stop_sequence.</summary>
    [JsonPropertyName("delta")] public required MessageDeltaBody Delta { get; init; }
    /// <summary>Token counts (output_tokens cumulative).</summary>
    [JsonPropertyName("usage")] public required MessageUsage Usage { get; init; }
}

/// <summary>The delta of message_delta; both keys always written.</summary>
public sealed class MessageDeltaBody
{
    /// <summary>Why the answer ended.</summary>
    [JsonPropertyName("stop_reason")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? StopReason { get; init; }
    /// <summary>The stop sequence that matched, or null.</summary>
    [JsonPropertyName("stop_sequence")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? StopSequence { get; init; }
}

/// <summary>The last event of a complete stream.</summary>
public sealed class MessageStopEvent : MessagesEvent
{
}

/// <summary>A keep-alive; clients ignore it.</summary>
public sealed class PingEvent : MessagesEvent
{
    /// <summary>The one ping there is (it carries nothing).</summary>
    public static readonly PingEvent Instance = new();
}

/// <summary>An error: the whole body of an error answer, or the last event of a stream that failed.</summary>
public sealed class ErrorEvent : MessagesEvent
{
    /// <summary>The error's type and message.</summary>
    [JsonPropertyName("error")] public required MessagesError Error { get; init; }
}

/// <summary>Anthropic's error body: one of its error types and a message.</summary>
public sealed class MessagesError
{
    /// <summary>invalid_request_error, authentication_error, permission_error, not_found_error, rate_limit_error, api_error, overloaded_error...</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>A sentence a person can act on.</summary>
    [JsonPropertyName("message")] public required string Message { get; init; }
}

/// <summary>One piece of a content block in a stream.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextDelta), "text_delta")]
[JsonDerivedType(typeof(InputJsonDelta), "input_json_delta")]
[JsonDerivedType(typeof(ThinkingDelta), "thinking_delta")]
public abstract class BlockDelta;

/// <summary>More answer text.</summary>
public sealed class TextDelta : BlockDelta
{
    /// <summary>The text piece.</summary>
    [JsonPropertyName("text")] public required string Text { get; init; }
}

/// <summary>More of a tool call's input JSON.</summary>
public sealed class InputJsonDelta : BlockDelta
{
    /// <summary>The JSON piece.</summary>
    [JsonPropertyName("partial_json")] public required string PartialJson { get; init; }
}

/// <summary>More reasoning text.</summary>
public sealed class ThinkingDelta : BlockDelta
{
    /// <summary>The reasoning piece.</summary>
    [JsonPropertyName("thinking")] public required string Thinking { get; init; }
}

/// <summary>The answer of POST /v1/messages/count_tokens.</summary>
public sealed class TokenCount
{
    /// <summary>Input tokens the request would use.</summary>
    [JsonPropertyName("input_tokens")] public long InputTokens { get; init; }
}
