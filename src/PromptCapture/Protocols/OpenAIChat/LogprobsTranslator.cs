using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Writes token log probabilities back in OpenAI's {"content":[...],"refusal":null} shape.</summary>
public static class LogprobsTranslator
{
    /// <summary>The wire logprobs object, or null when the upstream sent none.</summary>
    public static JsonElement? ToWire(IReadOnlyList<ExchangeLogprob>? content)
    {
        if (content is null || content.Count == 0)
            return null;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("content");
            foreach (var token in content)
            {
                WriteToken(writer, token.Token, token.Logprob, token.Bytes);
                writer.WriteStartArray("top_logprobs");
                foreach (var top in token.Top)
                {
                    WriteToken(writer, top.Token, top.Logprob, top.Bytes);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNull("refusal");
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Opens a token object and writes token, logprob and bytes.</summary>
    private static void WriteToken(Utf8JsonWriter writer, string token, float logprob, ReadOnlyMemory<byte>? bytes)
    {
        writer.WriteStartObject();
        writer.WriteString("token", token);
        writer.WriteNumber("logprob", logprob);
        if (bytes is { } b)
        {
            writer.WriteStartArray("bytes");
            foreach (var value in b.Span)
                writer.WriteNumberValue(value);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("bytes");
        }
    }
}
