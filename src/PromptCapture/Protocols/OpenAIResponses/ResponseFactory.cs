using System.Text.Json;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>Builds response objects and output items as OpenAI writes them, echoing the request's settings.</summary>
public static class ResponseFactory
{
    private static readonly JsonElement DefaultReasoning = JsonElements.Write(w => { w.WriteStartObject(); w.WriteNull("effort"); w.WriteNull("summary"); w.WriteEndObject(); });
    private static readonly JsonElement DefaultText = JsonElements.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteEndObject();
    });
    private static readonly JsonElement Auto = JsonElements.String("auto");
    private static readonly JsonElement EmptyArray = JsonElements.Write(w => { w.WriteStartArray(); w.WriteEndArray(); });
    private static readonly JsonElement EmptyObject = JsonElements.Write(w => { w.WriteStartObject(); w.WriteEndObject(); });

    /// <summary>A response object for <paramref name="request"/> with the given state.</summary>
    public static ResponseObject Create(ResponsesRequest? request, string id, string alias, long createdAt, string status, List<OutputItem> output,
        ResponseUsage? usage = null, ResponseError? error = null, IncompleteDetails? incomplete = null) => new()
    {
        Id = id,
        CreatedAt = createdAt,
        Status = status,
        Error = error,
        IncompleteDetails = incomplete,
        Instructions = request?.Instructions,
        MaxOutputTokens = request?.MaxOutputTokens,
        Model = alias,
        Output = output,
        ParallelToolCalls = request?.ParallelToolCalls ?? true,
        PreviousResponseId = request?.PreviousResponseId,
        Reasoning = request?.Reasoning ?? DefaultReasoning,
        Store = request?.Store ?? true,
        Temperature = request?.Temperature,
        Text = request?.Text ?? DefaultText,
        ToolChoice = request?.ToolChoice ?? Auto,
        Tools = request?.Tools ?? EmptyArray,
        TopP = request?.TopP,
        Usage = usage,
        User = request?.User,
        Metadata = request?.Metadata ?? EmptyObject,
    };

    /// <summary>The whole answer as output items: reasoning, then the message, then the tool calls.</summary>
    public static List<OutputItem> Output(ExchangeAnswer answer, ToolMap tools)
    {
        var output = new List<OutputItem>(2 + answer.ToolCalls.Count);
        if (!string.IsNullOrEmpty(answer.Reasoning))
            output.Add(Reasoning(ResponseIds.New("rs"), answer.Reasoning));
        if (answer.Text is { Length: > 0 } || answer.Refusal is not null || (answer.ToolCalls.Count == 0 && answer.Text is not null))
        {
            var parts = new List<ContentPart>(1);
            if (answer.Text is not null && (answer.Text.Length > 0 || answer.Refusal is null))
                parts.Add(TextPart(answer.Text, Logprobs(answer.Logprobs)));
            if (answer.Refusal is not null)
                parts.Add(new ContentPart { Type = "refusal", Refusal = answer.Refusal });
            output.Add(Message(ResponseIds.New("msg"), "completed", parts));
        }
        foreach (var call in answer.ToolCalls)
            output.Add(ToolCall(call.Id, call.Name, call.Arguments, tools, "completed"));
        return output;
    }

    /// <summary>An assistant message item.</summary>
    public static OutputItem Message(string id, string status, List<ContentPart> parts) =>
        new() { Type = "message", Id = id, Status = status, Role = "assistant", Content = parts };

    /// <summary>A reasoning item holding the upstream's reasoning text (no summaries: chat providers give none).</summary>
    public static OutputItem Reasoning(string id, string text) =>
        new() { Type = "reasoning", Id = id, Summary = [], Content = [new ContentPart { Type = "reasoning_text", Text = text }] };

    /// <summary>An output_text part.</summary>
    public static ContentPart TextPart(string text, List<TokenLogprob>? logprobs = null) =>
        new() { Type = "output_text", Text = text, Annotations = [], Logprobs = logprobs ?? [] };

    /// <summary>
    /// A tool call as the Responses client declared the tool: a custom_tool_call (input unwrapped from the function's
    /// one string argument), a function_call with its namespace back, or a plain function_call.
    /// </summary>
    public static OutputItem ToolCall(string? callId, string? name, string arguments, ToolMap tools, string status)
    {
        callId ??= "call_" + ResponseIds.New("x")[2..26];
        if (tools.IsCustom(name))
            return new OutputItem { Type = "custom_tool_call", Id = ResponseIds.New("ctc"), Status = status, CallId = callId, Name = name, Input = CustomInput(arguments) };
        if (tools.TryNamespaced(name, out var ns, out var inner))
            return new OutputItem { Type = "function_call", Id = ResponseIds.New("fc"), Status = status, CallId = callId, Name = inner, Namespace = ns, Arguments = arguments };
        return new OutputItem { Type = "function_call", Id = ResponseIds.New("fc"), Status = status, CallId = callId, Name = name, Arguments = arguments };
    }

    /// <summary>The free-form input of a custom tool: the "input" string of the function's arguments, else the arguments as they are.</summary>
    public static string CustomInput(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
                return input.GetString()!;
        }
        catch (JsonException)
        {
            // Not JSON: the model wrote the input directly.
        }
        return arguments;
    }

    /// <summary>Neutral usage in the Responses spelling (details always present, zero when not reported).</summary>
    public static ResponseUsage? Usage(ExchangeUsage? usage) => usage is null ? null : new ResponseUsage
    {
        InputTokens = usage.InputTokens,
        InputTokensDetails = new InputTokensDetails { CachedTokens = usage.CachedTokens ?? 0 },
        OutputTokens = usage.OutputTokens,
        OutputTokensDetails = new OutputTokensDetails { ReasoningTokens = usage.ReasoningTokens ?? 0 },
        TotalTokens = usage.TotalTokens,
    };

    /// <summary>completed, or incomplete with its reason when the answer was cut by the token limit or a filter.</summary>
    public static (string Status, IncompleteDetails? Details) Status(string? finishReason) => finishReason switch
    {
        "length" => ("incomplete", new IncompleteDetails { Reason = "max_output_tokens" }),
        "content_filter" => ("incomplete", new IncompleteDetails { Reason = "content_filter" }),
        _ => ("completed", null),
    };

    /// <summary>Token log probabilities in the Responses spelling, or null.</summary>
    public static List<TokenLogprob>? Logprobs(IReadOnlyList<ExchangeLogprob>? logprobs) =>
        logprobs?.Select(l => new TokenLogprob
        {
            Token = l.Token,
            Logprob = l.Logprob,
            Bytes = l.Bytes is { } b ? [.. b.ToArray()] : null,
            TopLogprobs = l.Top.Select(t => new TokenLogprob { Token = t.Token, Logprob = t.Logprob, Bytes = t.Bytes is { } tb ? [.. tb.ToArray()] : null }).ToList(),
        }).ToList();
}
