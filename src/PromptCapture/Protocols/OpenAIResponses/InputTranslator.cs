using System.Text;
using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// Turns instructions and input items into neutral messages: message items by role, function and custom tool calls
/// merged into the assistant message of their turn (as chat completions needs them), their outputs as tool results,
/// reasoning items as reasoning parts (kept for the capture, never sent upstream).
/// </summary>
public static class InputTranslator
{
    /// <summary>The messages of the request, after <paramref name="earlier"/> (a previous response's chain, or empty).</summary>
    public static List<ExchangeMessage> Translate(string? instructions, JsonElement? input, IReadOnlyList<ExchangeMessage> earlier, ToolMap tools)
    {
        var messages = new List<Builder>();
        if (!string.IsNullOrEmpty(instructions))
            messages.Add(new Builder("system").Add(new ExchangePart(ExchangePartKind.Text, instructions)));
        foreach (var message in earlier)
            messages.Add(new Builder(message.Role, message.Parts));
        switch (input)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                break;
            case { ValueKind: JsonValueKind.String } text:
                messages.Add(new Builder("user").Add(new ExchangePart(ExchangePartKind.Text, text.GetString())));
                break;
            case { ValueKind: JsonValueKind.Array } items:
                var index = 0;
                foreach (var item in items.EnumerateArray())
                    AddItem(messages, item, $"input[{index++}]", tools);
                break;
            default:
                throw new InvalidRequestException("input must be a string or an array of input items.", "input", "invalid_type");
        }
        if (messages.Count == 0)
            throw new InvalidRequestException("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        return messages.Select(m => m.Build()).ToList();
    }

    /// <summary>Adds one input item to the conversation.</summary>
    private static void AddItem(List<Builder> messages, JsonElement item, string param, ToolMap tools)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException($"{param} must be an object.", param, "invalid_type");
        var type = Str(item, "type", param) ?? (item.TryGetProperty("role", out _) ? "message" : null);
        switch (type)
        {
            case "message":
                AddMessage(messages, item, param);
                break;
            case "function_call":
                var name = Required(item, "name", param);
                if (Str(item, "namespace", param) is { } ns)
                    name = ToolMap.Flatten(ns, name);
                Assistant(messages).Add(new ExchangePart(ExchangePartKind.ToolCall, ToolName: name, ToolCallId: Required(item, "call_id", param),
                    Arguments: Str(item, "arguments", param) ?? ""));
                break;
            case "custom_tool_call":
                var input = Str(item, "input", param) ?? "";
                var arguments = JsonElements.Write(w => { w.WriteStartObject(); w.WriteString("input", input); w.WriteEndObject(); }).GetRawText();
                Assistant(messages).Add(new ExchangePart(ExchangePartKind.ToolCall, ToolName: Required(item, "name", param),
                    ToolCallId: Required(item, "call_id", param), Arguments: arguments));
                break;
            case "function_call_output" or "custom_tool_call_output":
                var callId = Required(item, "call_id", param);
                var output = Output(item, param);
                messages.Add(new Builder("tool").Add(new ExchangePart(ExchangePartKind.ToolResult, output, NameOfCall(messages, callId), callId)));
                break;
            case "reasoning":
                var reasoning = ReasoningText(item);
                if (reasoning.Length > 0)
                    Assistant(messages).Add(new ExchangePart(ExchangePartKind.Reasoning, reasoning));
                break;
            case null:
                throw new InvalidRequestException($"{param}.type is required.", $"{param}.type");
            case "item_reference":
                throw new InvalidRequestException($"{param} is an item_reference: this gateway keeps no items by id; resend the item itself, or use previous_response_id.",
                    $"{param}.type", "unsupported_input_item");
            default:
                throw new InvalidRequestException(
                    $"Input item type '{type}' in {param} is not supported by this gateway (supported: message, function_call, function_call_output, custom_tool_call, custom_tool_call_output, reasoning).",
                    $"{param}.type", "unsupported_input_item");
        }
    }

    /// <summary>A message item: role and content (a string, or input_text / output_text / input_image parts).</summary>
    private static void AddMessage(List<Builder> messages, JsonElement item, string param)
    {
        var role = Required(item, "role", param);
        if (role is not ("user" or "assistant" or "system" or "developer"))
            throw new InvalidRequestException($"Invalid value '{role}' for {param}.role: expected user, assistant, system or developer.", $"{param}.role", "invalid_value");
        var builder = role == "assistant" ? Assistant(messages) : new Builder(role);
        if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            throw new InvalidRequestException($"{param}.content is required.", $"{param}.content");
        if (content.ValueKind == JsonValueKind.String)
        {
            builder.Add(new ExchangePart(ExchangePartKind.Text, content.GetString()));
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var part in content.EnumerateArray())
                AddContentPart(builder, part, $"{param}.content[{index++}]", role);
        }
        else
        {
            throw new InvalidRequestException($"{param}.content must be a string or an array of content parts.", $"{param}.content", "invalid_type");
        }
        if (role != "assistant")
            messages.Add(builder);
    }

    /// <summary>One content part of a message.</summary>
    private static void AddContentPart(Builder builder, JsonElement part, string param, string role)
    {
        if (part.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException($"{param} must be an object with a \"type\".", param, "invalid_type");
        var type = Required(part, "type", param);
        switch (type)
        {
            case "input_text" or "output_text" or "text":
                builder.Add(new ExchangePart(ExchangePartKind.Text, Required(part, "text", param)));
                break;
            case "refusal":
                break; // an earlier refusal: nothing the upstream can take back
            case "input_image" when role == "user":
                builder.Add(Image(part, param));
                break;
            default:
                throw new InvalidRequestException(
                    $"Content part type '{type}' in {param} is not supported by this gateway for role {role} (supported: input_text, output_text, input_image for user messages).",
                    $"{param}.type", "unsupported_content_part");
        }
    }

    /// <summary>An input_image part: a data URL becomes bytes, an http(s) URL stays a URL; file ids are not kept here.</summary>
    private static ExchangePart Image(JsonElement part, string param)
    {
        var url = Str(part, "image_url", param)
            ?? throw new InvalidRequestException($"{param}.image_url is required (file_id images are not supported by this gateway).", $"{param}.image_url");
        var detail = Str(part, "detail", param);
        if (DataUrl.TryParse(url, out var mime, out var bytes))
            return new ExchangePart(ExchangePartKind.Attachment, MimeType: mime, Content: bytes, Detail: detail);
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return new ExchangePart(ExchangePartKind.Attachment, MimeType: MimeTypes.FromUrl(uri), Url: url, Detail: detail);
        throw new InvalidRequestException($"{param}.image_url must be an http(s) URL or a base64 data URL.", $"{param}.image_url", "invalid_value");
    }

    /// <summary>A tool output: a string, or input_text parts joined.</summary>
    private static string Output(JsonElement item, string param)
    {
        if (!item.TryGetProperty("output", out var output) || output.ValueKind == JsonValueKind.Null)
            throw new InvalidRequestException($"{param}.output is required.", $"{param}.output");
        if (output.ValueKind == JsonValueKind.String)
            return output.GetString()!;
        if (output.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException($"{param}.output must be a string or an array of content parts.", $"{param}.output", "invalid_type");
        var text = new StringBuilder();
        foreach (var part in output.EnumerateArray())
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                text.Append(t.GetString());
        return text.ToString();
    }

    /// <summary>The text of a reasoning item: its reasoning_text content, else its summaries.</summary>
    private static string ReasoningText(JsonElement item)
    {
        var text = new StringBuilder();
        foreach (var field in (ReadOnlySpan<string>)["content", "summary"])
        {
            if (item.TryGetProperty(field, out var parts) && parts.ValueKind == JsonValueKind.Array)
                foreach (var part in parts.EnumerateArray())
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                        text.Append(t.GetString());
            if (text.Length > 0)
                break;
        }
        return text.ToString();
    }

    /// <summary>The name of the earlier call <paramref name="callId"/> answers, for llm's tool_result name.</summary>
    private static string? NameOfCall(List<Builder> messages, string callId)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
            foreach (var part in messages[i].Parts)
                if (part.Kind == ExchangePartKind.ToolCall && part.ToolCallId == callId)
                    return part.ToolName;
        return null;
    }

    /// <summary>The assistant message the next output item belongs to: the last message when it is an assistant's, else a new one.</summary>
    private static Builder Assistant(List<Builder> messages)
    {
        if (messages.Count > 0 && messages[^1].Role == "assistant")
            return messages[^1];
        var builder = new Builder("assistant");
        messages.Add(builder);
        return builder;
    }

    /// <summary>A required string field.</summary>
    private static string Required(JsonElement element, string name, string param) =>
        Str(element, name, param) ?? throw new InvalidRequestException($"{param}.{name} is required.", $"{param}.{name}", "missing_required_parameter");

    /// <summary>A string field, null when absent; throws when it is not a string.</summary>
    private static string? Str(JsonElement element, string name, string param)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidRequestException($"{param}.{name} must be a string.", $"{param}.{name}", "invalid_type");
    }

    /// <summary>A message being assembled from items.</summary>
    private sealed class Builder(string role, IEnumerable<ExchangePart>? parts = null)
    {
        /// <summary>The role.</summary>
        public string Role { get; } = role;

        /// <summary>The parts so far.</summary>
        public List<ExchangePart> Parts { get; } = parts is null ? [] : [.. parts];

        /// <summary>Appends a part; returns itself for chaining.</summary>
        public Builder Add(ExchangePart part)
        {
            Parts.Add(part);
            return this;
        }

        /// <summary>The finished message.</summary>
        public ExchangeMessage Build() => new(Role, Parts);
    }
}
