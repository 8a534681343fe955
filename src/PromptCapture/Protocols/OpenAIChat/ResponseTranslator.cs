using OpenAI.Chat;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Builds the non-streaming chat.completion answer from what the SK service returned.</summary>
public static class ResponseTranslator
{
    /// <summary>The wire answer; <paramref name="id"/> is the gateway's id, <paramref name="alias"/> the model asked for.</summary>
    public static ChatCompletionResponse ToWire(Microsoft.SemanticKernel.ChatMessageContent result, string id, string alias)
    {
        if (result.InnerContent is not ChatCompletion completion)
        {
            return new ChatCompletionResponse
            {
                Id = id,
                Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                Model = alias,
                Choices = [new Choice { Message = new ResponseMessage { Content = result.Content }, FinishReason = "stop" }],
            };
        }
        return new ChatCompletionResponse
        {
            Id = id,
            Created = (completion.CreatedAt == default ? DateTimeOffset.UtcNow : completion.CreatedAt).ToUnixTimeSeconds(),
            Model = alias,
            SystemFingerprint = completion.SystemFingerprint,
            ServiceTier = completion.ServiceTier?.ToString(),
            Choices =
            [
                new Choice
                {
                    Message = new ResponseMessage
                    {
                        Content = OpenAIResultReader.Text(completion.Content) ?? (completion.ToolCalls.Count > 0 ? null : ""),
                        ReasoningContent = OpenAIResultReader.Reasoning(completion),
                        Refusal = completion.Refusal,
                        ToolCalls = ToolCalls(completion.ToolCalls),
                    },
                    Logprobs = LogprobsTranslator.ToWire(completion.ContentTokenLogProbabilities),
                    FinishReason = OpenAIResultReader.FinishReason(completion.FinishReason),
                },
            ],
            Usage = UsageTranslator.ToWire(completion.Usage),
        };
    }

    /// <summary>The model's tool calls with their argument strings unchanged, or null when there are none.</summary>
    private static List<ToolCall>? ToolCalls(IReadOnlyList<ChatToolCall> calls)
    {
        if (calls.Count == 0)
            return null;
        var wire = new List<ToolCall>(calls.Count);
        foreach (var call in calls)
            wire.Add(new ToolCall { Id = call.Id, Type = "function", Function = new FunctionCall { Name = call.FunctionName, Arguments = call.FunctionArguments.ToString() } });
        return wire;
    }
}
