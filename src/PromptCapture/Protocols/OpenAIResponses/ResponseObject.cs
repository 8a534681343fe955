using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>The response object, as POST /v1/responses answers and as stream events carry it.</summary>
public sealed class ResponseObject
{
    /// <summary>The gateway's id ("resp_..."), also the capture's request id.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>Always "response".</summary>
    [JsonPropertyName("object")] public string Object { get; init; } = "response";
    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("created_at")] public long CreatedAt { get; init; }
    /// <summary>in_progress, completed, incomplete or failed.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>The failure, when status is failed.</summary>
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public ResponseError? Error { get; init; }
    /// <summary>Why the answer stopped early, when status is incomplete.</summary>
    [JsonPropertyName("incomplete_details")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public IncompleteDetails? IncompleteDetails { get; init; }
    /// <summary>The instructions the request carried.</summary>
    [JsonPropertyName("instructions")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Instructions { get; init; }
    /// <summary>The request's token limit.</summary>
    [JsonPropertyName("max_output_tokens")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public int? MaxOutputTokens { get; init; }
    /// <summary>The alias the client asked for.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }
    /// <summary>Output items: reasoning, message, function_call, custom_tool_call.</summary>
    [JsonPropertyName("output")] public required List<OutputItem> Output { get; init; }
    /// <summary>Echo of the request's setting (true when not given).</summary>
    [JsonPropertyName("parallel_tool_calls")] public bool ParallelToolCalls { get; init; } = true;
    /// <summary>The response this one continued.</summary>
    [JsonPropertyName("previous_response_id")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? PreviousResponseId { get; init; }
    /// <summary>Echo of the request's reasoning options.</summary>
    [JsonPropertyName("reasoning")] public JsonElement? Reasoning { get; init; }
    /// <summary>Echo of the request's store flag (true when not given).</summary>
    [JsonPropertyName("store")] public bool Store { get; init; } = true;
    /// <summary>Echo of the request's temperature.</summary>
    [JsonPropertyName("temperature")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public double? Temperature { get; init; }
    /// <summary>Echo of the request's text options.</summary>
    [JsonPropertyName("text")] public JsonElement? Text { get; init; }
    /// <summary>Echo of the request's tool choice.</summary>
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; init; }
    /// <summary>Echo of the request's tools.</summary>
    [JsonPropertyName("tools")] public JsonElement? Tools { get; init; }
    /// <summary>Echo of the request's top_p.</summary>
    [JsonPropertyName("top_p")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public double? TopP { get; init; }
    /// <summary>Always "disabled": the gateway never truncates input.</summary>
    [JsonPropertyName("truncation")] public string Truncation { get; init; } = "disabled";
    /// <summary>Token counts, once known.</summary>
    [JsonPropertyName("usage")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public ResponseUsage? Usage { get; init; }
    /// <summary>Echo of the request's user.</summary>
    [JsonPropertyName("user")] [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? User { get; init; }
    /// <summary>Echo of the request's metadata.</summary>
    [JsonPropertyName("metadata")] public JsonElement? Metadata { get; init; }
}

/// <summary>The failure of a response: a code and a sentence.</summary>
public sealed class ResponseError
{
    /// <summary>server_error, rate_limit_exceeded, invalid_prompt...</summary>
    [JsonPropertyName("code")] public required string Code { get; init; }
    /// <summary>What went wrong.</summary>
    [JsonPropertyName("message")] public required string Message { get; init; }
}

/// <summary>Why a response is incomplete.</summary>
public sealed class IncompleteDetails
{
    /// <summary>max_output_tokens or content_filter.</summary>
    [JsonPropertyName("reason")] public required string Reason { get; init; }
}

/// <summary>Token usage in the Responses API's spelling.</summary>
public sealed class ResponseUsage
{
    /// <summary>Prompt tokens.</summary>
    [JsonPropertyName("input_tokens")] public long InputTokens { get; init; }
    /// <summary>Prompt token details.</summary>
    [JsonPropertyName("input_tokens_details")] public required InputTokensDetails InputTokensDetails { get; init; }
    /// <summary>Answer tokens.</summary>
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; init; }
    /// <summary>Answer token details.</summary>
    [JsonPropertyName("output_tokens_details")] public required OutputTokensDetails OutputTokensDetails { get; init; }
    /// <summary>All tokens.</summary>
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; init; }
}

/// <summary>Prompt token details.</summary>
public sealed class InputTokensDetails
{
    /// <summary>Prompt tokens served from cache.</summary>
    [JsonPropertyName("cached_tokens")] public long CachedTokens { get; init; }
}

/// <summary>Answer token details.</summary>
public sealed class OutputTokensDetails
{
    /// <summary>Answer tokens spent on reasoning.</summary>
    [JsonPropertyName("reasoning_tokens")] public long ReasoningTokens { get; init; }
}

/// <summary>
/// One output item; which fields are set depends on <see cref="Type"/> (message: role/content; function_call:
/// call_id/name/arguments (and namespace); custom_tool_call: call_id/name/input; reasoning: summary/content).
/// </summary>
public sealed class OutputItem
{
    /// <summary>message, function_call, custom_tool_call or reasoning.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>The item's id (msg_, fc_, ctc_, rs_).</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>in_progress or completed (not on reasoning items).</summary>
    [JsonPropertyName("status")] public string? Status { get; set; }
    /// <summary>"assistant", on messages.</summary>
    [JsonPropertyName("role")] public string? Role { get; init; }
    /// <summary>Content parts of a message (output_text) or of reasoning (reasoning_text).</summary>
    [JsonPropertyName("content")] public List<ContentPart>? Content { get; set; }
    /// <summary>Reasoning summaries; always present (empty) on reasoning items.</summary>
    [JsonPropertyName("summary")] public List<ContentPart>? Summary { get; init; }
    /// <summary>The call id tool output refers to.</summary>
    [JsonPropertyName("call_id")] public string? CallId { get; init; }
    /// <summary>The tool name.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    /// <summary>The namespace of a namespaced function tool.</summary>
    [JsonPropertyName("namespace")] public string? Namespace { get; init; }
    /// <summary>A function call's argument string.</summary>
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
    /// <summary>A custom tool call's free-form input.</summary>
    [JsonPropertyName("input")] public string? Input { get; set; }
}

/// <summary>A content part: output_text (with annotations and logprobs), refusal, reasoning_text or summary_text.</summary>
public sealed class ContentPart
{
    /// <summary>output_text, refusal, reasoning_text or summary_text.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>The text (for all but refusal).</summary>
    [JsonPropertyName("text")] public string? Text { get; set; }
    /// <summary>The refusal text.</summary>
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
    /// <summary>Citations; always empty here, present on output_text.</summary>
    [JsonPropertyName("annotations")] public List<JsonElement>? Annotations { get; init; }
    /// <summary>Token log probabilities; present (maybe empty) on output_text.</summary>
    [JsonPropertyName("logprobs")] public List<TokenLogprob>? Logprobs { get; set; }
}

/// <summary>One token's log probability, with alternatives.</summary>
public sealed class TokenLogprob
{
    /// <summary>The token.</summary>
    [JsonPropertyName("token")] public required string Token { get; init; }
    /// <summary>Its log probability.</summary>
    [JsonPropertyName("logprob")] public float Logprob { get; init; }
    /// <summary>Its UTF-8 bytes.</summary>
    [JsonPropertyName("bytes")] public List<byte>? Bytes { get; init; }
    /// <summary>The likeliest alternatives (absent on an alternative itself).</summary>
    [JsonPropertyName("top_logprobs")] public List<TokenLogprob>? TopLogprobs { get; init; }
}
