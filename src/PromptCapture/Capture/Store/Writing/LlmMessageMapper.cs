using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using PromptCapture.Exchange;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Turns the OpenAI-shaped captured messages into llm messages: llm roles, llm part shapes, parsed tool-call
/// arguments, tool-result names and content-addressed attachments; the same input always maps the same way,
/// which is what makes a resent history hash to the rows already stored.
/// </summary>
public static class LlmMessageMapper
{
    /// <summary>
    /// OpenAI role to llm role. developer is OpenAI's newer name for the system prompt of reasoning models, and llm
    /// has no such role, so it becomes system.
    /// </summary>
    public static string MapRole(string openAiRole) => openAiRole.ToLowerInvariant() switch
    {
        "system" or "developer" => "system",
        "user" => "user",
        "assistant" => "assistant",
        "tool" or "function" => "tool",
        var other => other,
    };

    /// <summary>
    /// Maps a whole request chain; a tool result takes its name from the tool call with the same id earlier in
    /// the chain, because OpenAI tool messages carry only the id.
    /// </summary>
    public static IReadOnlyList<LlmMessage> MapChain(IReadOnlyList<ExchangeMessage> messages)
    {
        Dictionary<string, string>? toolNames = null; // only chains with tool calls need one
        var mapped = new List<LlmMessage>(messages.Count);
        // Indexed loops: foreach over the interfaces would box two enumerators per message.
        for (var m = 0; m < messages.Count; m++)
        {
            var message = messages[m];
            mapped.Add(Map(message, toolNames));
            for (var p = 0; p < message.Parts.Count; p++)
            {
                var part = message.Parts[p];
                if (part.Kind == ExchangePartKind.ToolCall && part.ToolCallId is not null && part.ToolName is not null)
                    (toolNames ??= new Dictionary<string, string>(StringComparer.Ordinal))[part.ToolCallId] = part.ToolName;
            }
        }
        return mapped;
    }

    /// <summary>Maps one message; <paramref name="toolNames"/> resolves tool-result names by tool call id.</summary>
    public static LlmMessage Map(ExchangeMessage message, IReadOnlyDictionary<string, string>? toolNames = null)
    {
        var parts = new LlmPart[message.Parts.Count];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = MapPart(message.Parts[i], toolNames);
        return new LlmMessage(MapRole(message.Role), parts);
    }

    /// <summary>One part in llm's to_dict key order (type first, then the fields as llm's Part classes emit them).</summary>
    private static LlmPart MapPart(ExchangePart part, IReadOnlyDictionary<string, string>? toolNames)
    {
        switch (part.Kind)
        {
            case ExchangePartKind.Reasoning:
                return new LlmPart("reasoning", part.Text ?? "", new PyDict());
            case ExchangePartKind.ToolCall:
            {
                var extra = new PyDict { ["name"] = part.ToolName ?? "", ["arguments"] = ParseArguments(part.Arguments) };
                if (part.ToolCallId is not null) extra["tool_call_id"] = part.ToolCallId;
                return new LlmPart("tool_call", null, extra);
            }
            case ExchangePartKind.ToolResult:
            {
                string? name = null;
                if (part.ToolCallId is not null) toolNames?.TryGetValue(part.ToolCallId, out name);
                var extra = new PyDict { ["name"] = name ?? part.ToolName ?? "", ["output"] = part.Text ?? "" };
                if (part.ToolCallId is not null) extra["tool_call_id"] = part.ToolCallId;
                return new LlmPart("tool_result", null, extra);
            }
            case ExchangePartKind.Attachment:
                return new LlmPart("attachment", null, new PyDict(), MapAttachment(part));
            default:
                return LlmPart.TextPart(part.Text ?? "");
        }
    }

    /// <summary>
    /// llm keeps arguments as a dict: a JSON object string is parsed (so key order and spacing of the model's
    /// string do not matter to the hash), an empty string is the empty dict, anything else stays the raw string.
    /// </summary>
    public static object ParseArguments(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return new PyDict();
        try
        {
            var element = PythonJson.Parse(raw);
            if (element.ValueKind == JsonValueKind.Object)
                return element;
        }
        catch (JsonException)
        {
            // Not JSON: kept verbatim below.
        }
        return raw;
    }

    /// <summary>Content-addressed attachment: sha256 of the bytes, or of json.dumps({"url": url}) for a URL.</summary>
    public static LlmAttachment? MapAttachment(ExchangePart part)
    {
        if (part.Content is { Length: > 0 } bytes)
            return new LlmAttachment(Convert.ToHexStringLower(SHA256.HashData(bytes)), part.MimeType, bytes, null);
        if (part.Url is not null)
        {
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                PythonJson.Dumps(new PyDict { ["url"] = part.Url }))));
            return new LlmAttachment(id, part.MimeType, null, part.Url);
        }
        return null;
    }
}
