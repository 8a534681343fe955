using System.Text;
using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// Turns a Messages request's system and messages into neutral messages: a user turn's tool_result blocks become
/// tool messages (placed first, right after the assistant's tool calls, as chat completions needs them), tool_use
/// blocks tool calls with their input as the argument string, thinking blocks reasoning parts (kept for the capture,
/// never sent upstream by SkHistory). Block types the gateway cannot carry (server tool results, citations) are
/// skipped, as tolerant as Anthropic's own SDKs are.
/// </summary>
public static class ContentTranslator
{
    /// <summary>The neutral messages of the request, system first; throws InvalidRequestException naming the field.</summary>
    public static List<ExchangeMessage> Translate(JsonElement? system, List<MessagesMessage?>? messages)
    {
        var result = new List<ExchangeMessage>((messages?.Count ?? 0) + 1);
        if (SystemText(system) is { Length: > 0 } text)
            result.Add(new ExchangeMessage("system", [new ExchangePart(ExchangePartKind.Text, text)]));
        if (messages is null || messages.Count == 0)
            throw new InvalidRequestException("messages: Field required (at least one message).", "messages", "missing_required_parameter");
        for (var i = 0; i < messages.Count; i++)
        {
            var param = $"messages.{i}";
            var message = messages[i] ?? throw new InvalidRequestException($"{param}: Input should be an object.", param, "invalid_type");
            switch (message.Role)
            {
                case "user":
                    AddUser(result, message.Content, param);
                    break;
                case "assistant":
                    AddAssistant(result, message.Content, param);
                    break;
                case null:
                    throw new InvalidRequestException($"{param}.role: Field required.", $"{param}.role", "missing_required_parameter");
                default:
                    throw new InvalidRequestException($"{param}.role: Input should be 'user' or 'assistant' (got '{message.Role}').", $"{param}.role", "invalid_value");
            }
        }
        return result;
    }

    /// <summary>The system prompt: a string, or the text blocks joined by blank lines (cache_control ignored).</summary>
    public static string? SystemText(JsonElement? system)
    {
        switch (system)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } s:
                return s.GetString();
            case { ValueKind: JsonValueKind.Array } blocks:
                var text = new StringBuilder();
                var index = 0;
                foreach (var block in blocks.EnumerateArray())
                {
                    var param = $"system.{index++}";
                    if (block.ValueKind != JsonValueKind.Object || Str(block, "type", param) != "text")
                        throw new InvalidRequestException($"{param}: system blocks must be text blocks.", param, "invalid_type");
                    if (text.Length > 0)
                        text.Append("\n\n");
                    text.Append(Required(block, "text", param));
                }
                return text.ToString();
            default:
                throw new InvalidRequestException("system: Input should be a string or a list of text blocks.", "system", "invalid_type");
        }
    }

    /// <summary>A user turn: tool results as one tool message first, then the rest as a user message.</summary>
    private static void AddUser(List<ExchangeMessage> result, JsonElement? content, string param)
    {
        List<ExchangePart>? results = null;
        var parts = new List<ExchangePart>();
        foreach (var (block, type, blockParam) in Blocks(content, param))
        {
            switch (type)
            {
                case "text":
                    parts.Add(new ExchangePart(ExchangePartKind.Text, Required(block, "text", blockParam)));
                    break;
                case "image" or "document":
                    if (Attachment(block, blockParam) is { } attachment)
                        parts.Add(attachment);
                    break;
                case "tool_result":
                    (results ??= []).Add(new ExchangePart(ExchangePartKind.ToolResult, ToolResultText(block, blockParam),
                        ToolCallId: Required(block, "tool_use_id", blockParam)));
                    break;
                case "string":
                    parts.Add(new ExchangePart(ExchangePartKind.Text, block.GetString()));
                    break;
            }
        }
        if (results is not null)
            result.Add(new ExchangeMessage("tool", results));
        if (parts.Count > 0 || results is null)
            result.Add(new ExchangeMessage("user", parts));
    }

    /// <summary>An assistant turn: thinking as reasoning, text, tool_use as tool calls with the input's JSON text.</summary>
    private static void AddAssistant(List<ExchangeMessage> result, JsonElement? content, string param)
    {
        var parts = new List<ExchangePart>();
        foreach (var (block, type, blockParam) in Blocks(content, param))
        {
            switch (type)
            {
                case "text":
                    parts.Add(new ExchangePart(ExchangePartKind.Text, Required(block, "text", blockParam)));
                    break;
                case "string":
                    parts.Add(new ExchangePart(ExchangePartKind.Text, block.GetString()));
                    break;
                case "thinking":
                    parts.Add(new ExchangePart(ExchangePartKind.Reasoning, Str(block, "thinking", blockParam) ?? ""));
                    break;
                case "redacted_thinking":
                    // Encrypted: nothing readable to keep, but the turn had reasoning.
                    parts.Add(new ExchangePart(ExchangePartKind.Reasoning, ""));
                    break;
                case "tool_use":
                    var input = block.TryGetProperty("input", out var i) && i.ValueKind != JsonValueKind.Null ? i.GetRawText() : "{}";
                    parts.Add(new ExchangePart(ExchangePartKind.ToolCall, ToolName: Required(block, "name", blockParam),
                        ToolCallId: Required(block, "id", blockParam), Arguments: input));
                    break;
            }
        }
        result.Add(new ExchangeMessage("assistant", parts));
    }

    /// <summary>The content's blocks with their type: a plain string is one block of type "string".</summary>
    private static IEnumerable<(JsonElement Block, string Type, string Param)> Blocks(JsonElement? content, string param)
    {
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } text:
                yield return (text, "string", $"{param}.content");
                break;
            case { ValueKind: JsonValueKind.Array } blocks:
                var index = 0;
                foreach (var block in blocks.EnumerateArray())
                {
                    var blockParam = $"{param}.content.{index++}";
                    if (block.ValueKind != JsonValueKind.Object)
                        throw new InvalidRequestException($"{blockParam}: Input should be a content block object.", blockParam, "invalid_type");
                    yield return (block, Str(block, "type", blockParam)
                        ?? throw new InvalidRequestException($"{blockParam}.type: Field required.", $"{blockParam}.type", "missing_required_parameter"), blockParam);
                }
                break;
            case null:
                throw new InvalidRequestException($"{param}.content: Field required.", $"{param}.content", "missing_required_parameter");
            default:
                throw new InvalidRequestException($"{param}.content: Input should be a string or a list of content blocks.", $"{param}.content", "invalid_type");
        }
    }

    /// <summary>An image or document block as an attachment (base64 or url source); a plain-text document as text.</summary>
    private static ExchangePart? Attachment(JsonElement block, string param)
    {
        if (!block.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException($"{param}.source: Field required.", $"{param}.source", "missing_required_parameter");
        var sourceParam = param + ".source";
        switch (Str(source, "type", sourceParam))
        {
            case "base64":
                var mime = Required(source, "media_type", sourceParam);
                var data = Required(source, "data", sourceParam);
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(data);
                }
                catch (FormatException)
                {
                    throw new InvalidRequestException($"{sourceParam}.data: not valid base64.", $"{sourceParam}.data", "invalid_value");
                }
                return new ExchangePart(ExchangePartKind.Attachment, MimeType: mime, Content: bytes);
            case "url":
                var url = Required(source, "url", sourceParam);
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    throw new InvalidRequestException($"{sourceParam}.url: must be an http or https URL.", $"{sourceParam}.url", "invalid_value");
                return new ExchangePart(ExchangePartKind.Attachment, MimeType: MimeTypes.FromUrl(uri), Url: url);
            case "text":
                return new ExchangePart(ExchangePartKind.Text, Required(source, "data", sourceParam));
            case var other:
                throw new InvalidRequestException($"{sourceParam}.type: '{other}' is not supported here: send base64 or url.", $"{sourceParam}.type", "invalid_value");
        }
    }

    /// <summary>A tool result's content as text: a string, or its text blocks joined by newlines.</summary>
    private static string ToolResultText(JsonElement block, string param)
    {
        if (!block.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            return "";
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException($"{param}.content: Input should be a string or a list of blocks.", $"{param}.content", "invalid_type");
        var text = new StringBuilder();
        foreach (var item in content.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) && t.ValueEquals("text")
                && item.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                if (text.Length > 0)
                    text.Append('\n');
                text.Append(value.GetString());
            }
        }
        return text.ToString();
    }

    /// <summary>A string property, null when absent or null; any other type is refused by name.</summary>
    internal static string? Str(JsonElement element, string name, string param) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new InvalidRequestException($"{param}.{name}: Input should be a string.", $"{param}.{name}", "invalid_type");

    /// <summary>A required string property.</summary>
    internal static string Required(JsonElement element, string name, string param) =>
        Str(element, name, param) ?? throw new InvalidRequestException($"{param}.{name}: Field required.", $"{param}.{name}", "missing_required_parameter");
}
