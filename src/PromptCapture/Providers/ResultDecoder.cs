using OpenAI.Chat;
using PromptCapture.Exchange;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Providers;

/// <summary>
/// Reads what SK's OpenAI connectors returned (Azure OpenAI's), once, into the neutral answer: the one place that knows
/// the SDK's result types, so front doors and capture never read them again. The gateway's own OpenAI-compatible
/// service hands the neutral answer over already decoded.
/// </summary>
public static class ResultDecoder
{
    /// <summary>A whole non-streaming answer; services that are not OpenAI-based give their text with finish "stop".</summary>
    public static ExchangeAnswer Decode(SkMessage message)
    {
        if (message.InnerContent is ExchangeAnswer decoded)
            return decoded; // the gateway's own OpenAI-compatible service reads the wire straight into the answer
        if (message.InnerContent is Microsoft.Extensions.AI.ChatResponse response)
            return ChatClientResultReader.Decode(response);
        if (message.InnerContent is not ChatCompletion completion)
            return new ExchangeAnswer { Text = message.Content, FinishReason = "stop" };
        return new ExchangeAnswer
        {
            Text = OpenAIResultReader.Text(completion.Content),
            Reasoning = OpenAIResultReader.Reasoning(completion),
            Refusal = completion.Refusal,
            ToolCalls = ToolCalls(completion.ToolCalls),
            FinishReason = OpenAIResultReader.FinishReason(completion.FinishReason),
            Usage = Usage(completion.Usage),
            Model = completion.Model,
            Created = completion.CreatedAt == default ? null : completion.CreatedAt,
            SystemFingerprint = completion.SystemFingerprint,
            ServiceTier = completion.ServiceTier?.ToString(),
            Logprobs = Logprobs(completion.ContentTokenLogProbabilities),
            RawJson = () => OpenAIResultReader.ToJson(completion),
        };
    }

    /// <summary>One streamed SDK update (SK hands each update once per content part; the caller skips repeats).</summary>
    public static ExchangeUpdate Decode(StreamingChatCompletionUpdate update) => new()
    {
        StartsMessage = update.Role is not null,
        Text = update.ContentUpdate.Count > 0 ? OpenAIResultReader.Text(update.ContentUpdate) : null,
        Reasoning = OpenAIResultReader.Reasoning(update),
        Refusal = update.RefusalUpdate,
        ToolCalls = ToolCallDeltas(update.ToolCallUpdates),
        FinishReason = update.FinishReason is { } reason ? OpenAIResultReader.FinishReason(reason) : null,
        Usage = Usage(update.Usage),
        Model = string.IsNullOrEmpty(update.Model) ? null : update.Model,
        SystemFingerprint = update.SystemFingerprint,
        Logprobs = Logprobs(update.ContentTokenLogProbabilities),
    };

    /// <summary>A streamed item of a service that is not OpenAI-based: its text, or nothing.</summary>
    public static ExchangeUpdate? DecodeText(SkStreamingMessage item) =>
        item.Content is { Length: > 0 } text ? new ExchangeUpdate { Text = text } : null;

    /// <summary>The SDK's usage in neutral form; details stay null when the upstream did not report them.</summary>
    public static ExchangeUsage? Usage(ChatTokenUsage? usage) => usage is null ? null : new ExchangeUsage(
        usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount,
        usage.InputTokenDetails?.CachedTokenCount, usage.OutputTokenDetails?.ReasoningTokenCount);

    /// <summary>Whole tool calls with their argument strings unchanged.</summary>
    private static IReadOnlyList<ExchangeToolCall> ToolCalls(IReadOnlyList<ChatToolCall> calls)
    {
        if (calls.Count == 0)
            return [];
        var result = new ExchangeToolCall[calls.Count];
        for (var i = 0; i < calls.Count; i++)
            result[i] = new ExchangeToolCall(calls[i].Id, calls[i].FunctionName, calls[i].FunctionArguments.ToString());
        return result;
    }

    /// <summary>Streamed tool-call fragments, or null when the update has none.</summary>
    private static IReadOnlyList<ExchangeToolCallDelta>? ToolCallDeltas(IReadOnlyList<StreamingChatToolCallUpdate> updates)
    {
        if (updates.Count == 0)
            return null;
        var result = new ExchangeToolCallDelta[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            var u = updates[i];
            result[i] = new ExchangeToolCallDelta(u.Index, u.ToolCallId, u.FunctionName, u.FunctionArgumentsUpdate?.ToString());
        }
        return result;
    }

    /// <summary>Token log probabilities in neutral form, or null when the upstream sent none.</summary>
    private static IReadOnlyList<ExchangeLogprob>? Logprobs(IReadOnlyList<ChatTokenLogProbabilityDetails>? content)
    {
        if (content is null || content.Count == 0)
            return null;
        var result = new ExchangeLogprob[content.Count];
        for (var i = 0; i < content.Count; i++)
        {
            var token = content[i];
            var top = token.TopLogProbabilities.Select(t => new ExchangeLogprob(t.Token, t.LogProbability, t.Utf8Bytes, [])).ToArray();
            result[i] = new ExchangeLogprob(token.Token, token.LogProbability, token.Utf8Bytes, top);
        }
        return result;
    }
}
