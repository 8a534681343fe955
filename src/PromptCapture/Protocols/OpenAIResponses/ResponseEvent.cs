using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// One server-sent event of a streamed response, in OpenAI's shape: a type, a sequence number, and the fields that
/// type carries (the others stay null and are left out).
/// </summary>
public sealed class ResponseEvent
{
    /// <summary>response.created, response.output_text.delta, ...</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>Position of the event in the stream, from 0.</summary>
    [JsonPropertyName("sequence_number")] public int SequenceNumber { get; init; }
    /// <summary>The whole response, on lifecycle events.</summary>
    [JsonPropertyName("response")] public ResponseObject? Response { get; init; }
    /// <summary>Which output item the event concerns.</summary>
    [JsonPropertyName("output_index")] public int? OutputIndex { get; init; }
    /// <summary>The item, on output_item.added / done.</summary>
    [JsonPropertyName("item")] public OutputItem? Item { get; init; }
    /// <summary>The item's id, on part and delta events.</summary>
    [JsonPropertyName("item_id")] public string? ItemId { get; init; }
    /// <summary>Which content part the event concerns.</summary>
    [JsonPropertyName("content_index")] public int? ContentIndex { get; init; }
    /// <summary>The part, on content_part.added / done.</summary>
    [JsonPropertyName("part")] public ContentPart? Part { get; init; }
    /// <summary>The next piece of text, arguments or input.</summary>
    [JsonPropertyName("delta")] public string? Delta { get; init; }
    /// <summary>The whole text, on text done events.</summary>
    [JsonPropertyName("text")] public string? Text { get; init; }
    /// <summary>The whole refusal, on refusal done events.</summary>
    [JsonPropertyName("refusal")] public string? Refusal { get; init; }
    /// <summary>The whole argument string, on function_call_arguments.done.</summary>
    [JsonPropertyName("arguments")] public string? Arguments { get; init; }
    /// <summary>The whole input, on custom_tool_call_input.done.</summary>
    [JsonPropertyName("input")] public string? Input { get; init; }
    /// <summary>The function name, on function_call_arguments.done.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary>Token log probabilities of the delta or text (output_text events; empty when not asked for).</summary>
    [JsonPropertyName("logprobs")] public List<TokenLogprob>? Logprobs { get; init; }
}
