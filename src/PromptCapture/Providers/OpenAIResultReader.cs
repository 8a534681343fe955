using System.ClientModel.Primitives;
using OpenAI.Chat;

namespace PromptCapture.Providers;

/// <summary>
/// Reads what the OpenAI SDK models leave out: fields such as DeepSeek's reasoning_content, which the SDK keeps
/// only in its JSON patch of unknown properties.
/// </summary>
public static class OpenAIResultReader
{
    /// <summary>The reasoning text of a non-streaming answer, or null.</summary>
    public static string? Reasoning(ChatCompletion completion)
    {
#pragma warning disable SCME0001 // JsonPatch is marked for evaluation; it is the SDK's only door to unknown fields.
        return completion.Patch.TryGetValue("$.choices[0].message.reasoning_content"u8, out string? value) ? value : null;
#pragma warning restore SCME0001
    }

    /// <summary>The reasoning piece of one streamed update, or null.</summary>
    public static string? Reasoning(StreamingChatCompletionUpdate update)
    {
#pragma warning disable SCME0001
        return update.Patch.TryGetValue("$.choices[0].delta.reasoning_content"u8, out string? value) ? value : null;
#pragma warning restore SCME0001
    }

    /// <summary>The text of a message's content parts, or null when it has none.</summary>
    public static string? Text(ChatMessageContent content)
    {
        if (content.Count == 0)
            return null;
        if (content.Count == 1)
            return content[0].Text;
        return string.Concat(content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
    }

    /// <summary>OpenAI's wire spelling of a finish reason; SK only offers the .NET enum name.</summary>
    public static string FinishReason(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString().ToLowerInvariant(),
    };

    /// <summary>Serialises an SDK model back to the JSON the upstream sent (unknown fields included).</summary>
    public static string ToJson(ChatCompletion completion) =>
        ((IPersistableModel<ChatCompletion>)completion).Write(ModelReaderWriterOptions.Json).ToString();
}
