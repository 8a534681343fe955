using OpenAI.Chat;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Maps the SDK's token usage onto OpenAI's wire usage object.</summary>
public static class UsageTranslator
{
    /// <summary>The wire usage, with detail objects only when the upstream reported them.</summary>
    public static Usage? ToWire(ChatTokenUsage? usage)
    {
        if (usage is null)
            return null;
        var cached = usage.InputTokenDetails?.CachedTokenCount ?? 0;
        var reasoning = usage.OutputTokenDetails?.ReasoningTokenCount ?? 0;
        return new Usage
        {
            PromptTokens = usage.InputTokenCount,
            CompletionTokens = usage.OutputTokenCount,
            TotalTokens = usage.TotalTokenCount,
            PromptTokensDetails = usage.InputTokenDetails is null ? null : new PromptTokensDetails { CachedTokens = cached },
            CompletionTokensDetails = usage.OutputTokenDetails is null ? null : new CompletionTokensDetails { ReasoningTokens = reasoning },
        };
    }
}
