using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// Turns Responses tools into the chat-completions tools the upstream takes: function tools as they are, namespace
/// tools flattened to functions named namespace__name, custom (free-form) tools as functions with one string
/// parameter "input". Hosted tools that only OpenAI's servers run (web search, file search, code interpreter, image
/// generation, computer use, remote MCP) cannot be served by a chat-completions provider and are left out, and named
/// in <see cref="Result.Omitted"/>; any other type is refused by name.
/// </summary>
public static class ToolTranslator
{
    /// <summary>Tool types that run on OpenAI's side; a chat upstream cannot run them, so they are omitted rather than refused.</summary>
    private static readonly HashSet<string> Hosted = new(StringComparer.Ordinal)
    {
        "web_search", "web_search_preview", "web_search_preview_2025_03_11", "file_search", "code_interpreter",
        "image_generation", "computer_use_preview", "computer_use", "mcp",
    };

    /// <summary>What the translation gives: upstream tools, the captured definitions, the way back, and the omitted types.</summary>
    /// <param name="Upstream">The chat tools array, or null when there are none.</param>
    /// <param name="Captured">The definitions for llm's tools table.</param>
    /// <param name="Map">The way back for calls.</param>
    /// <param name="Omitted">Hosted tool types left out.</param>
    public sealed record Result(JsonElement? Upstream, IReadOnlyList<ExchangeTool> Captured, ToolMap Map, IReadOnlyList<string> Omitted);

    /// <summary>Translates the request's tools; throws InvalidRequestException naming the offending entry.</summary>
    public static Result Translate(JsonElement? tools)
    {
        if (tools is not { } list || list.ValueKind == JsonValueKind.Null)
            return new Result(null, [], ToolMap.None, []);
        if (list.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException("tools must be an array of tool definitions.", "tools", "invalid_type");
        var map = new ToolMap();
        var captured = new List<ExchangeTool>();
        var omitted = new List<string>();
        var upstream = JsonElements.Write(writer =>
        {
            writer.WriteStartArray();
            var index = 0;
            foreach (var tool in list.EnumerateArray())
            {
                var param = $"tools[{index++}]";
                var type = StringField(tool, "type", param) ?? throw new InvalidRequestException($"{param}.type is required.", $"{param}.type");
                switch (type)
                {
                    case "function":
                        WriteFunction(writer, tool, Name(tool, param), param, captured);
                        break;
                    case "namespace":
                        Namespace(writer, tool, param, map, captured);
                        break;
                    case "custom":
                        Custom(writer, tool, param, map, captured);
                        break;
                    case var hosted when Hosted.Contains(hosted):
                        omitted.Add(hosted);
                        break;
                    default:
                        throw new InvalidRequestException(
                            $"Tool type '{type}' in {param} is not supported by this gateway (supported: function, namespace, custom; hosted tools such as web_search are left out).",
                            $"{param}.type", "unsupported_tool_type");
                }
            }
            writer.WriteEndArray();
        });
        return new Result(captured.Count > 0 ? upstream : null, captured, map, omitted);
    }

    /// <summary>Maps tool_choice: auto/none/required as they are, a named function (or custom tool) to chat's shape.</summary>
    public static JsonElement? ToolChoice(JsonElement? choice, ToolMap map)
    {
        if (choice is not { } c || c.ValueKind == JsonValueKind.Null)
            return null;
        if (c.ValueKind == JsonValueKind.String)
        {
            var value = c.GetString();
            return value is "auto" or "none" or "required"
                ? c
                : throw new InvalidRequestException($"Invalid value '{value}' for tool_choice: expected auto, none, required or a function.", "tool_choice", "invalid_value");
        }
        if (c.ValueKind == JsonValueKind.Object && StringField(c, "type", "tool_choice") is "function" or "custom" && StringField(c, "name", "tool_choice") is { } name)
        {
            var upstreamName = StringField(c, "namespace", "tool_choice") is { } ns ? ToolMap.Flatten(ns, name) : name;
            return JsonElements.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", upstreamName);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
        throw new InvalidRequestException("tool_choice must be auto, none, required or {\"type\":\"function\",\"name\":...}; other choices (allowed_tools, hosted tools) are not supported by this gateway.",
            "tool_choice", "unsupported_value");
    }

    /// <summary>A namespace's functions, each flattened to namespace__name.</summary>
    private static void Namespace(Utf8JsonWriter writer, JsonElement tool, string param, ToolMap map, List<ExchangeTool> captured)
    {
        var ns = Name(tool, param);
        if (!tool.TryGetProperty("tools", out var inner) || inner.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException($"{param}.tools must be an array of function tools.", $"{param}.tools", "invalid_type");
        var index = 0;
        foreach (var function in inner.EnumerateArray())
        {
            var innerParam = $"{param}.tools[{index++}]";
            if (StringField(function, "type", innerParam) is not ("function" or null))
                throw new InvalidRequestException($"{innerParam} must be a function tool.", $"{innerParam}.type", "unsupported_tool_type");
            WriteFunction(writer, function, map.AddNamespaced(ns, Name(function, innerParam)), innerParam, captured);
        }
    }

    /// <summary>A custom tool as a function taking its free-form input as one string.</summary>
    private static void Custom(Utf8JsonWriter writer, JsonElement tool, string param, ToolMap map, List<ExchangeTool> captured)
    {
        var name = Name(tool, param);
        map.AddCustom(name);
        var description = StringField(tool, "description", param);
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        if (description is not null)
            writer.WriteString("description", description);
        writer.WritePropertyName("parameters");
        var parameters = CustomParameters(tool);
        parameters.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        captured.Add(new ExchangeTool(name, description, parameters));
    }

    /// <summary>The one-string-parameter schema a custom tool gets, its grammar (if any) in the description.</summary>
    private static JsonElement CustomParameters(JsonElement tool)
    {
        var hint = "The tool's free-form input.";
        if (tool.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("definition", out var definition) && definition.ValueKind == JsonValueKind.String)
            hint += " It must follow this grammar: " + definition.GetString();
        return JsonElements.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteStartObject("input");
            w.WriteString("type", "string");
            w.WriteString("description", hint);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("required");
            w.WriteStringValue("input");
            w.WriteEndArray();
            w.WriteBoolean("additionalProperties", false);
            w.WriteEndObject();
        });
    }

    /// <summary>Writes one chat function tool and records its definition.</summary>
    private static void WriteFunction(Utf8JsonWriter writer, JsonElement tool, string name, string param, List<ExchangeTool> captured)
    {
        var description = StringField(tool, "description", param);
        JsonElement? parameters = tool.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Null ? p : null;
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        if (description is not null)
            writer.WriteString("description", description);
        if (parameters is { } schema)
        {
            writer.WritePropertyName("parameters");
            schema.WriteTo(writer);
        }
        if (tool.TryGetProperty("strict", out var strict) && strict.ValueKind is JsonValueKind.True or JsonValueKind.False)
            writer.WriteBoolean("strict", strict.GetBoolean());
        writer.WriteEndObject();
        writer.WriteEndObject();
        captured.Add(new ExchangeTool(name, description, parameters));
    }

    /// <summary>The required "name" of a tool.</summary>
    private static string Name(JsonElement tool, string param) =>
        StringField(tool, "name", param) ?? throw new InvalidRequestException($"{param}.name is required.", $"{param}.name");

    /// <summary>A string field of an object, null when absent; throws when the value is not a string.</summary>
    private static string? StringField(JsonElement element, string name, string param)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException($"{param} must be an object.", param, "invalid_type");
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidRequestException($"{param}.{name} must be a string.", $"{param}.{name}", "invalid_type");
    }
}
