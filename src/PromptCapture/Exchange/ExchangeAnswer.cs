namespace PromptCapture.Exchange;

/// <summary>
/// What came back for one exchange, whole: decoded once from the provider's result (non-streaming) or folded from
/// the updates of a stream (<see cref="AnswerBuilder"/>); partial when the stream broke.
/// </summary>
public sealed class ExchangeAnswer
{
    /// <summary>The answer text, or null when the model wrote none.</summary>
    public string? Text { get; init; }
    /// <summary>Reasoning text, or null.</summary>
    public string? Reasoning { get; init; }
    /// <summary>A refusal, or null.</summary>
    public string? Refusal { get; init; }
    /// <summary>Tool calls, in order.</summary>
    public IReadOnlyList<ExchangeToolCall> ToolCalls { get; init; } = [];
    /// <summary>Why the answer ended, in OpenAI's spelling, or null when it did not.</summary>
    public string? FinishReason { get; init; }
    /// <summary>Token counts, or null.</summary>
    public ExchangeUsage? Usage { get; init; }
    /// <summary>The model id the upstream reported (llm's resolved_model).</summary>
    public string? Model { get; init; }
    /// <summary>When the upstream says it created the answer, or null.</summary>
    public DateTimeOffset? Created { get; init; }
    /// <summary>The upstream's system fingerprint.</summary>
    public string? SystemFingerprint { get; init; }
    /// <summary>The upstream's service tier.</summary>
    public string? ServiceTier { get; init; }
    /// <summary>Token log probabilities, when asked for.</summary>
    public IReadOnlyList<ExchangeLogprob>? Logprobs { get; init; }
    /// <summary>Makes the upstream's own response JSON when first asked (capture does it in the background), or null.</summary>
    public Func<string?>? RawJson { get; init; }

    /// <summary>The upstream's own answer JSON when the exchange was passed through (<see cref="ExchangeRequest.PassThrough"/>), for the front door to answer with.</summary>
    public string? NativeJson { get; init; }

    /// <summary>True when nothing at all came back.</summary>
    public bool IsEmpty => Text is null && Reasoning is null && ToolCalls.Count == 0;

    /// <summary>The answer as an assistant message: reasoning, then text, then tool calls; null when empty.</summary>
    public ExchangeMessage? ToMessage()
    {
        if (IsEmpty)
            return null;
        var parts = new List<ExchangePart>(2 + ToolCalls.Count);
        if (!string.IsNullOrEmpty(Reasoning))
            parts.Add(new ExchangePart(ExchangePartKind.Reasoning, Reasoning));
        if (!string.IsNullOrEmpty(Text))
            parts.Add(new ExchangePart(ExchangePartKind.Text, Text));
        foreach (var call in ToolCalls)
            parts.Add(new ExchangePart(ExchangePartKind.ToolCall, ToolName: call.Name, ToolCallId: call.Id, Arguments: call.Arguments));
        return parts.Count == 0 ? null : new ExchangeMessage("assistant", parts);
    }
}
