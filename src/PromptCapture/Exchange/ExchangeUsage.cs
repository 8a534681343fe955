namespace PromptCapture.Exchange;

/// <summary>Token counts as the upstream reported them; a detail is null when the upstream did not report it at all.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="TotalTokens">Total tokens.</param>
/// <param name="CachedTokens">Prompt tokens served from the provider's cache, or null when not reported.</param>
/// <param name="ReasoningTokens">Completion tokens spent on reasoning, or null when not reported.</param>
public sealed record ExchangeUsage(long InputTokens, long OutputTokens, long TotalTokens, long? CachedTokens = null, long? ReasoningTokens = null)
{
    /// <summary>The details worth recording (llm's token_details): only counts above zero, in a fixed order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Details()
    {
        if (CachedTokens is not > 0 && ReasoningTokens is not > 0)
            return [];
        var details = new List<KeyValuePair<string, long>>(2);
        if (CachedTokens is { } cached and > 0)
            details.Add(new("cached_tokens", cached));
        if (ReasoningTokens is { } reasoning and > 0)
            details.Add(new("reasoning_tokens", reasoning));
        return details;
    }
}
