using System.Text.Json;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// SK rewrites replayed tool-call names to OpenAI's [A-Za-z0-9_-] alphabet ("weather.get" becomes "weather_get"),
/// which breaks providers that allow other names. Only when a history holds such a name, the client's messages go
/// upstream as the client wrote them (ExtraBody "messages" replaces SK's rendering; SK's JSON patches cannot
/// address one array element without dropping the rest, measured).
/// </summary>
public static class ToolNamePatches
{
    /// <summary>Sends the messages verbatim when SK would rename one of their tool calls.</summary>
    public static void Apply(List<ChatMessage> messages, OpenAIPromptExecutionSettings settings)
    {
        if (!messages.Any(m => m.ToolCalls?.Any(c => c.Function?.Name is { } name && !IsOpenAIName(name)) == true))
            return;
        settings.ExtraBody ??= new Dictionary<string, object?>(StringComparer.Ordinal);
        settings.ExtraBody["messages"] = JsonSerializer.SerializeToElement(messages, ChatJson.Context.ListChatMessage);
    }

    /// <summary>True when SK leaves the name alone.</summary>
    private static bool IsOpenAIName(string name)
    {
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                return false;
        return true;
    }
}
