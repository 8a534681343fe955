using System.Text.Json;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>One Chat Completions tool call as the wire carries it: id, type "function", name and the argument string.</summary>
public static class ToolCallJson
{
    /// <summary>Writes <c>{"id":..,"type":"function","function":{"name":..,"arguments":..}}</c>.</summary>
    public static void Write(Utf8JsonWriter writer, string? id, string? name, string arguments)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        writer.WriteString("arguments", arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
