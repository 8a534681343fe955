using System.Text.Json;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Chat Completions' structured-output request field, for the places that write it from a bare JSON schema.</summary>
internal static class ResponseFormatJson
{
    /// <summary>Writes the value of <c>response_format</c> asking for <paramref name="schema"/>, under the name llm and Ollama use ("response").</summary>
    public static void WriteJsonSchema(Utf8JsonWriter writer, JsonElement schema)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "json_schema");
        writer.WriteStartObject("json_schema");
        writer.WriteString("name", "response");
        writer.WritePropertyName("schema");
        schema.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
