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
            ReadOptions(o, settings, extra, options);
        var schema = Format(format, extra, options);
        Think(think, extra, options);
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

    /// <summary>Ollama's options object: the ones chat completions knows go upstream, all are recorded.</summary>
    private static void ReadOptions(JsonElement json, OpenAIPromptExecutionSettings settings, Dictionary<string, object?> extra, List<KeyValuePair<string, JsonElement>> options)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException("options: must be an object.", "options", "invalid_value");
        foreach (var option in json.EnumerateObject())
        {
            var value = option.Value;
            if (value.ValueKind == JsonValueKind.Null)
                continue;
            switch (option.Name)
            {
                case "temperature":
                    settings.Temperature = Number(value, option.Name);
                    break;
                case "top_p":
                    settings.TopP = Number(value, option.Name);
                    break;
                case "frequency_penalty":
                    settings.FrequencyPenalty = Number(value, option.Name);
                    break;
                case "presence_penalty":
                    settings.PresencePenalty = Number(value, option.Name);
                    break;
                case "seed":
                    settings.Seed = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seed)
                        ? seed : throw new InvalidRequestException("options.seed: must be an integer.", "options", "invalid_value");
                    break;
                case "num_predict":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var max))
                        throw new InvalidRequestException("options.num_predict: must be an integer.", "options", "invalid_value");
                    // -1 (no limit) and -2 (fill the context) mean no max_tokens at all.
                    if (max > 0)
                        extra["max_tokens"] = max;
                    break;
                case "stop":
                    settings.StopSequences = value.ValueKind switch
                    {
                        JsonValueKind.String => [value.GetString()!],
                        JsonValueKind.Array when value.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(s => s.GetString()!).ToList(),
                        _ => throw new InvalidRequestException("options.stop: must be a string or a list of strings.", "options", "invalid_value"),
                    };
                    break;
            }
            options.Add(new(option.Name, value.Clone()));
        }
    }

    /// <summary>A finite number option; anything else is a 400 naming it.</summary>
    private static double Number(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && float.IsFinite((float)number)
            ? number
            : throw new InvalidRequestException($"options.{name}: must be a finite number.", "options", "invalid_value");

    /// <summary>format "json" is json_object mode, a schema object is json_schema; returns the schema for the capture.</summary>
    private static JsonElement? Format(JsonElement? format, Dictionary<string, object?> extra, List<KeyValuePair<string, JsonElement>> options)
    {
        if (format is not { } f || f.ValueKind == JsonValueKind.Null || (f.ValueKind == JsonValueKind.String && f.GetString() is ""))
            return null;
        options.Add(new("format", f));
        if (f.ValueKind == JsonValueKind.String && f.GetString() == "json")
        {
            extra["response_format"] = JsonElements.Write(w => { w.WriteStartObject(); w.WriteString("type", "json_object"); w.WriteEndObject(); });
            return null;
        }
        if (f.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException("format: must be \"json\" or a JSON schema object.", "format", "invalid_value");
        extra["response_format"] = JsonElements.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "json_schema");
            w.WriteStartObject("json_schema");
            w.WriteString("name", "response");
            w.WritePropertyName("schema");
            f.WriteTo(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return f;
    }

    /// <summary>think: true/false is recorded; a level (low, medium, high) goes upstream as reasoning_effort.</summary>
    private static void Think(JsonElement? think, Dictionary<string, object?> extra, List<KeyValuePair<string, JsonElement>> options)
    {
        if (think is not { ValueKind: not JsonValueKind.Null } t)
            return;
        if (t.ValueKind == JsonValueKind.String)
        {
            var level = t.GetString();
            if (level is not ("low" or "medium" or "high"))
                throw new InvalidRequestException($"think: \"{level}\" is not a level; use true, false, \"low\", \"medium\" or \"high\".", "think", "invalid_value");
            extra["reasoning_effort"] = level;
        }
        else if (t.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new InvalidRequestException("think: must be a boolean or a level.", "think", "invalid_value");
        }
        options.Add(new("think", t));
    }

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
