using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// Anthropic tool definitions and tool_choice in chat-completions form: each client tool (name, description,
/// input_schema) a function whose parameters are the schema byte for byte; Anthropic's server tools (web search,
/// code execution: a "type" other than custom) are left out, since a chat upstream cannot run them.
/// </summary>
public static class ToolTranslator
{
    /// <summary>The tools for the upstream (null when there are none) and the definitions for the capture.</summary>
    /// <param name="Upstream">The chat-completions tools array, or null.</param>
    /// <param name="Captured">The tools in neutral form.</param>
    public sealed record Result(JsonElement? Upstream, IReadOnlyList<ExchangeTool> Captured);

    /// <summary>Translates the request's tools; throws InvalidRequestException naming the field.</summary>
    public static Result Translate(JsonElement? tools)
    {
        if (tools is null or { ValueKind: JsonValueKind.Null })
            return new Result(null, []);
        if (tools.Value.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException("tools: Input should be a list of tools.", "tools", "invalid_type");
        var captured = new List<ExchangeTool>();
        var index = 0;
        foreach (var tool in tools.Value.EnumerateArray())
        {
            var param = $"tools.{index++}";
            if (tool.ValueKind != JsonValueKind.Object)
                throw new InvalidRequestException($"{param}: Input should be a tool object.", param, "invalid_type");
            var type = ContentTranslator.Str(tool, "type", param);
            if (type is not (null or "custom"))
                continue;
            var name = ContentTranslator.Required(tool, "name", param);
            if (!tool.TryGetProperty("input_schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
                throw new InvalidRequestException($"{param}.input_schema: Field required (a JSON schema object).", $"{param}.input_schema", "missing_required_parameter");
            captured.Add(new ExchangeTool(name, ContentTranslator.Str(tool, "description", param), schema));
        }
        if (captured.Count == 0)
            return new Result(null, []);
        var upstream = JsonElements.Write(w =>
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
                w.WritePropertyName("parameters");
                tool.Parameters!.Value.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        return new Result(upstream, captured);
    }

    /// <summary>
    /// tool_choice in chat-completions form (auto, required, none or a named function) and parallel_tool_calls from
    /// disable_parallel_tool_use; both null when the client set neither.
    /// </summary>
    public static (JsonElement? Choice, bool? Parallel) ToolChoice(JsonElement? choice)
    {
        if (choice is not { ValueKind: JsonValueKind.Object } c)
        {
            if (choice is { ValueKind: not JsonValueKind.Null })
                throw new InvalidRequestException("tool_choice: Input should be an object with a type (auto, any, tool, none).", "tool_choice", "invalid_type");
            return (null, null);
        }
        bool? parallel = c.TryGetProperty("disable_parallel_tool_use", out var disable) && disable.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? !disable.GetBoolean() : null;
        var mapped = ContentTranslator.Str(c, "type", "tool_choice") switch
        {
            "auto" => JsonElements.String("auto"),
            "any" => JsonElements.String("required"),
            "none" => JsonElements.String("none"),
            "tool" => Named(ContentTranslator.Required(c, "name", "tool_choice")),
            null => throw new InvalidRequestException("tool_choice.type: Field required.", "tool_choice.type", "missing_required_parameter"),
            var other => throw new InvalidRequestException($"tool_choice.type: '{other}' is not one of auto, any, tool, none.", "tool_choice.type", "invalid_value"),
        };
        return (mapped, parallel);
    }

    /// <summary>{"type":"function","function":{"name":...}}.</summary>
    private static JsonElement Named(string name) => JsonElements.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", name);
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
