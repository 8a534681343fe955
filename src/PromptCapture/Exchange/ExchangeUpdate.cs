namespace PromptCapture.Exchange;

/// <summary>
/// One streamed piece of an answer, decoded once from the provider's own update where SK's result is read; front doors
/// turn it into their wire events and capture folds it into the whole answer. Every field is optional.
/// </summary>
public sealed class ExchangeUpdate
{
    /// <summary>True on the update that opens the assistant message (the upstream named the role).</summary>
    public bool StartsMessage { get; init; }
    /// <summary>The next piece of the answer text.</summary>
    public string? Text { get; init; }
    /// <summary>The next piece of reasoning text.</summary>
    public string? Reasoning { get; init; }
    /// <summary>The next piece of a refusal.</summary>
    public string? Refusal { get; init; }
    /// <summary>Tool call fragments.</summary>
    public IReadOnlyList<ExchangeToolCallDelta>? ToolCalls { get; init; }
    /// <summary>Why the answer ended, in OpenAI's spelling (stop, length, tool_calls, content_filter), on the last update.</summary>
    public string? FinishReason { get; init; }
    /// <summary>Token counts, usually on a final update of their own.</summary>
    public ExchangeUsage? Usage { get; init; }
    /// <summary>The model id the upstream reported.</summary>
    public string? Model { get; init; }
    /// <summary>The upstream's system fingerprint.</summary>
    public string? SystemFingerprint { get; init; }
    /// <summary>Log probabilities of the tokens in this update.</summary>
    public IReadOnlyList<ExchangeLogprob>? Logprobs { get; init; }

    /// <summary>The upstream's own stream event (name and JSON) when the exchange was passed through, for the front door to relay.</summary>
    public (string Name, string Json)? Native { get; init; }

    /// <summary>True when the update carries something a client would see in a delta.</summary>
    public bool HasDelta => Text is not null || Reasoning is not null || ToolCalls is not null || Refusal is not null;
}
