using System.Text.Json;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.Ollama;

/// <summary>
/// Turns /api/chat and /api/generate requests into the neutral exchange: messages (images, thinking, tool calls),
/// tools, format as response_format, options under their chat-completions names. Ollama-only options (top_k, num_ctx,
/// repeat_penalty, ...) are recorded for the capture but not sent upstream; keep_alive is ignored.
/// </summary>
public static class OllamaExchangeBuilder
{
    /// <summary>The exchange for a chat request; throws InvalidRequestException naming the field.</summary>
    public static ExchangeRequest Chat(OllamaChatRequest request, ExchangeClient client, DateTimeOffset startedUtc, long startTimestamp)
    {
        var messages = Messages(request.Messages);
        return Build(messages, request.Tools, request.Format, request.Options, request.Think, request.Extra, client, startedUtc, startTimestamp);
    }

    /// <summary>The exchange for a generate request: the system prompt and the prompt (with its images) as one user turn.</summary>
    public static ExchangeRequest Generate(OllamaGenerateRequest request, ExchangeClient client, DateTimeOffset startedUtc, long startTimestamp)
    {
        var messages = new List<ExchangeMessage>(2);
        if (!string.IsNullOrEmpty(request.System))
            messages.Add(new ExchangeMessage("system", [new ExchangePart(ExchangePartKind.Text, request.System)]));
        var parts = new List<ExchangePart> { new(ExchangePartKind.Text, request.Prompt ?? "") };
        AddImages(parts, request.Images, "images");
        messages.Add(new ExchangeMessage("user", parts));
        var exchange = Build(messages, null, request.Format, request.Options, request.Think, request.Extra, client, startedUtc, startTimestamp);
        var options = exchange.Options.ToList();
        if (!string.IsNullOrEmpty(request.Suffix))
            options.Add(new("suffix", JsonElements.String(request.Suffix)));
        if (request.Raw is { } raw)
            options.Add(new("raw", JsonSerializer.SerializeToElement(raw, OllamaJson.Context.Boolean)));
        return exchange with { Options = options };
    }

    /// <summary>The parts every Ollama request shares: settings, options, tools and schema.</summary>
    private static ExchangeRequest Build(List<ExchangeMessage> messages, JsonElement? toolsJson, JsonElement? format, JsonElement? optionsJson, JsonElement? think,
        Dictionary<string, JsonElement>? unknown, ExchangeClient client, DateTimeOffset startedUtc, long startTimestamp)
    {
        var settings = new OpenAIPromptExecutionSettings();
        var extra = new Dictionary<string, object?>(StringComparer.Ordinal);
        var options = new List<KeyValuePair<string, JsonElement>>();
        if (optionsJson is { ValueKind: not JsonValueKind.Null } o)
            OllamaOptionsReader.ReadOptions(o, settings, extra, options);
        var schema = OllamaOptionsReader.Format(format, extra, options);
        OllamaOptionsReader.Think(think, extra, options);
        var tools = Tools(toolsJson, extra);
        if (unknown is not null)
        {
            foreach (var (name, value) in unknown)
                options.Add(new(name, value));
        }
        if (extra.Count > 0)
            settings.ExtraBody = extra;
        return new ExchangeRequest
        {
            History = SkHistory.Build(messages),
            Settings = settings,
            Messages = messages,
            Options = options,
            Tools = tools,
            Schema = schema,
            Client = client,
            StartedUtc = startedUtc,
            StartTimestamp = startTimestamp,
        };
    }

    /// <summary>Ollama messages in neutral form; tool results are matched to the calls they answer by id, name or order.</summary>
    internal static List<ExchangeMessage> Messages(List<OllamaMessage?>? messages)
    {
        var result = new List<ExchangeMessage>(messages?.Count ?? 0);
        if (messages is null)
            return result;
        // Calls not answered yet, in order: Ollama clients often send tool results with a name only, or nothing.
        var pending = new List<(string Id, string? Name)>();
        var synthesized = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new InvalidRequestException($"messages[{i}]: must be an object.", "messages", "invalid_value");
            var text = message.Content ?? "";
            switch (message.Role)
            {
                case "system" or "user":
                    var parts = new List<ExchangePart> { new(ExchangePartKind.Text, text) };
                    AddImages(parts, message.Images, $"messages[{i}].images");
                    result.Add(new ExchangeMessage(message.Role, parts));
                    break;
                case "assistant":
                    var answer = new List<ExchangePart>();
                    if (!string.IsNullOrEmpty(message.Thinking))
                        answer.Add(new ExchangePart(ExchangePartKind.Reasoning, message.Thinking));
                    if (text.Length > 0 || message.ToolCalls is not { Count: > 0 })
                        answer.Add(new ExchangePart(ExchangePartKind.Text, text));
                    foreach (var call in message.ToolCalls ?? [])
                    {
                        var name = call.Function?.Name;
                        if (string.IsNullOrEmpty(name))
                            throw new InvalidRequestException($"messages[{i}].tool_calls: every call needs function.name.", "messages", "invalid_value");
                        var id = string.IsNullOrEmpty(call.Id) ? $"call_{synthesized++}" : call.Id;
                        pending.Add((id, name));
                        answer.Add(new ExchangePart(ExchangePartKind.ToolCall, ToolName: name, ToolCallId: id, Arguments: Arguments(call.Function!.Arguments)));
                    }
                    result.Add(new ExchangeMessage("assistant", answer));
                    break;
                case "tool":
                    var index = Match(pending, message.ToolCallId, message.ToolName);
                    string callId;
                    string? toolName = message.ToolName;
                    if (index >= 0)
                    {
                        (callId, toolName) = (pending[index].Id, toolName ?? pending[index].Name);
                        pending.RemoveAt(index);
                    }
                    else
                    {
                        callId = message.ToolCallId ?? $"call_{synthesized++}";
                    }
                    result.Add(new ExchangeMessage("tool", [new ExchangePart(ExchangePartKind.ToolResult, text, ToolName: toolName, ToolCallId: callId)]));
                    break;
                default:
                    throw new InvalidRequestException($"messages[{i}].role: invalid role \"{message.Role}\"; use system, user, assistant or tool.", "messages", "invalid_value");
            }
        }
        return result;
    }

    /// <summary>Which pending call a tool result answers: its id, else the first call of its name, else the oldest.</summary>
    private static int Match(List<(string Id, string? Name)> pending, string? id, string? name)
    {
        if (pending.Count == 0)
            return -1;
        if (id is not null)
            return pending.FindIndex(p => p.Id == id);
        if (name is not null && pending.FindIndex(p => p.Name == name) is var byName and >= 0)
            return byName;
        return 0;
    }

    /// <summary>Tool arguments as the JSON text OpenAI sends (Ollama sends an object).</summary>
    private static string Arguments(JsonElement? arguments) => arguments switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "{}",
        { ValueKind: JsonValueKind.String } s => s.GetString() ?? "{}",
        { } value => value.GetRawText(),
    };

    /// <summary>Base64 images (or data URLs) as attachments; bad base64 is a 400 naming the field.</summary>
    private static void AddImages(List<ExchangePart> parts, List<string>? images, string field)
    {
        if (images is null)
            return;
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i] ?? "";
            if (DataUrl.TryParse(image, out var mime, out var decoded))
            {
                parts.Add(new ExchangePart(ExchangePartKind.Attachment, MimeType: mime, Content: decoded));
                continue;
            }
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(image);
            }
            catch (FormatException)
            {
                throw new InvalidRequestException($"{field}[{i}]: not valid base64 image data.", field, "invalid_value");
            }
            if (bytes.Length == 0)
                throw new InvalidRequestException($"{field}[{i}]: the image is empty.", field, "invalid_value");
            parts.Add(new ExchangePart(ExchangePartKind.Attachment, MimeType: Sniff(bytes), Content: bytes));
        }
    }

    /// <summary>The image type from its first bytes (Ollama clients send bare base64, no type); JPEG when unknown.</summary>
    internal static string Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => "image/jpeg",
    };

    /// <summary>Tool definitions: sent upstream as chat-completions functions, captured as neutral tools.</summary>
    private static List<ExchangeTool> Tools(JsonElement? json, Dictionary<string, object?> extra)
    {
        if (json is not { ValueKind: not JsonValueKind.Null } tools)
            return [];
        if (tools.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException("tools: must be a list.", "tools", "invalid_value");
        var captured = new List<ExchangeTool>();
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } toolName)
                throw new InvalidRequestException($"tools[{captured.Count}]: must be {{\"type\":\"function\",\"function\":{{\"name\":...}}}}.", "tools", "invalid_value");
            var description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            JsonElement? parameters = function.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : null;
            captured.Add(new ExchangeTool(toolName, description, parameters));
        }
        if (captured.Count == 0)
            return captured;
        extra["tools"] = JsonElements.Write(w =>
        {
            w.WriteStartArray();
            foreach (var tool in captured)
            {
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", tool.Name);
                if (tool.Description is { } description)
                    w.WriteString("description", description);
                if (tool.Parameters is { } parameters)
                {
                    w.WritePropertyName("parameters");
                    parameters.WriteTo(w);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        return captured;
    }
}
