using PromptCapture.Exchange;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Writes neutral token counts as OpenAI's wire usage object.</summary>
public static class UsageTranslator
{
    /// <summary>The wire usage, with detail objects only when the upstream reported them.</summary>
    public static Usage? ToWire(ExchangeUsage? usage) => usage is null ? null : new Usage
    {
        PromptTokens = usage.InputTokens,
        CompletionTokens = usage.OutputTokens,
        TotalTokens = usage.TotalTokens,
        PromptTokensDetails = usage.CachedTokens is { } cached ? new PromptTokensDetails { CachedTokens = cached } : null,
        CompletionTokensDetails = usage.ReasoningTokens is { } reasoning ? new CompletionTokensDetails { ReasoningTokens = reasoning } : null,
    };
}
