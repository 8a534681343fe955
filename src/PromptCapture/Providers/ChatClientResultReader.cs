using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptCapture.Exchange;

namespace PromptCapture.Providers;

/// <summary>
/// Reads what an IChatClient-backed service (the native Anthropic provider) returned into the neutral answer and
/// updates: text, reasoning, whole tool calls with their arguments as a JSON string, finish reason in OpenAI's
/// spelling, usage with cached input tokens.
/// </summary>
public static class ChatClientResultReader
{
    /// <summary>A whole non-streaming response.</summary>
    public static ExchangeAnswer Decode(ChatResponse response)
    {
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var calls = new List<ExchangeToolCall>();
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent t:
                        text.Append(t.Text);
                        break;
                    case TextReasoningContent r:
                        reasoning.Append(r.Text);
                        break;
                    case FunctionCallContent call:
                        calls.Add(new ExchangeToolCall(call.CallId, call.Name, ArgumentsJson(call.Arguments)));
                        break;
                }
            }
        }
        return new ExchangeAnswer
        {
            Text = text.Length > 0 || calls.Count == 0 ? text.ToString() : null,
            Reasoning = reasoning.Length > 0 ? reasoning.ToString() : null,
            ToolCalls = calls,
            FinishReason = FinishReason(response.FinishReason, calls.Count > 0),
            Usage = Usage(response.Usage),
            Model = response.ModelId,
            Created = response.CreatedAt,
        };
    }

    /// <summary>One streamed update; <paramref name="toolIndex"/> numbers the tool calls of the answer as they arrive.</summary>
    public static ExchangeUpdate? Decode(ChatResponseUpdate update, ref int toolIndex)
    {
        StringBuilder? text = null;
        StringBuilder? reasoning = null;
        List<ExchangeToolCallDelta>? calls = null;
        ExchangeUsage? usage = null;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } t:
                    (text ??= new StringBuilder()).Append(t.Text);
                    break;
                case TextReasoningContent { Text.Length: > 0 } r:
                    (reasoning ??= new StringBuilder()).Append(r.Text);
                    break;
                case FunctionCallContent call:
                    (calls ??= []).Add(new ExchangeToolCallDelta(toolIndex++, call.CallId, call.Name, ArgumentsJson(call.Arguments)));
                    break;
                case UsageContent u:
                    usage = Usage(u.Details);
                    break;
            }
        }
        var finish = update.FinishReason is { } reason ? FinishReason(reason, toolIndex > 0) : null;
        if (text is null && reasoning is null && calls is null && usage is null && finish is null)
            return null;
        return new ExchangeUpdate
        {
            Text = text?.ToString(),
            Reasoning = reasoning?.ToString(),
            ToolCalls = calls,
            Usage = usage,
            FinishReason = finish,
            Model = update.ModelId,
        };
    }

    /// <summary>The argument dictionary as the JSON object string chat-completions clients expect.</summary>
    public static string ArgumentsJson(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
            return "{}";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                switch (value)
                {
                    case JsonElement element:
                        element.WriteTo(writer);
                        break;
                    case null:
                        writer.WriteNullValue();
                        break;
                    default:
                        JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The finish reason in OpenAI's spelling; a response with tool calls and no reason ended for them.</summary>
    private static string? FinishReason(ChatFinishReason? reason, bool hasToolCalls)
    {
        if (reason == ChatFinishReason.Length) return "length";
        if (reason == ChatFinishReason.ToolCalls) return "tool_calls";
        if (reason == ChatFinishReason.ContentFilter) return "content_filter";
        if (reason == ChatFinishReason.Stop) return "stop";
        return hasToolCalls ? "tool_calls" : reason is null ? null : "stop";
    }

    /// <summary>Usage in neutral form; Anthropic counts cached tokens apart from input tokens, the neutral form counts them within.</summary>
    private static ExchangeUsage? Usage(UsageDetails? usage)
    {
        if (usage is null)
            return null;
        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        return new ExchangeUsage(input, output, usage.TotalTokenCount ?? input + output, usage.CachedInputTokenCount, usage.ReasoningTokenCount);
    }
}
