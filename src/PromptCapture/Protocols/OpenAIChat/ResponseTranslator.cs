using PromptCapture.Exchange;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Writes the neutral answer as a non-streaming chat.completion.</summary>
public static class ResponseTranslator
{
    /// <summary>The wire answer; <paramref name="id"/> is the gateway's id, <paramref name="alias"/> the model asked for.</summary>
    public static ChatCompletionResponse ToWire(ExchangeAnswer answer, string id, string alias) => new()
    {
        Id = id,
        Created = (answer.Created ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
        Model = alias,
        SystemFingerprint = answer.SystemFingerprint,
        ServiceTier = answer.ServiceTier,
        Choices =
        [
            new Choice
            {
                Message = new ResponseMessage
                {
                    Content = answer.Text ?? (answer.ToolCalls.Count > 0 ? null : ""),
                    ReasoningContent = answer.Reasoning,
                    Refusal = answer.Refusal,
                    ToolCalls = ToolCalls(answer.ToolCalls),
                },
                Logprobs = LogprobsTranslator.ToWire(answer.Logprobs),
                FinishReason = answer.FinishReason,
            },
        ],
        Usage = UsageTranslator.ToWire(answer.Usage),
    };

    /// <summary>The model's tool calls with their argument strings unchanged, or null when there are none.</summary>
    private static List<ToolCall>? ToolCalls(IReadOnlyList<ExchangeToolCall> calls)
    {
        if (calls.Count == 0)
            return null;
        var wire = new List<ToolCall>(calls.Count);
        foreach (var call in calls)
            wire.Add(new ToolCall { Id = call.Id, Type = "function", Function = new FunctionCall { Name = call.Name, Arguments = call.Arguments } });
        return wire;
    }
}
