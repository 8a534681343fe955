using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>
/// Reads one streamed Chat Completions chunk into a neutral update: the first choice's delta (role, text,
/// reasoning_content, refusal, tool-call fragments), its finish reason and log probabilities, and the chunk's usage,
/// model and fingerprint. A chunk that holds an "error" instead of an answer ends the stream as the upstream's failure.
/// Read forward-only, as chunks are many and small: only the rare nested values (content parts, tool calls,
/// logprobs, usage, an error) are parsed into a document.
/// </summary>
internal static class ChatChunkReader
{
    /// <summary>The update in <paramref name="json"/> (one SSE data payload).</summary>
    public static ExchangeUpdate Read(ReadOnlySpan<byte> json, string alias, string provider, SecretRedactor redactor)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A stream chunk is not a JSON object.");
        var chunk = new Chunk();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, ref chunk);
            }
            else if (reader.ValueTextEquals("model"u8))
                chunk.Model = NextString(ref reader);
            else if (reader.ValueTextEquals("system_fingerprint"u8))
                chunk.Fingerprint = NextString(ref reader);
            else if (reader.ValueTextEquals("usage"u8))
                chunk.Usage = WireValues.UsageOf(NextElement(ref reader));
            else if (reader.ValueTextEquals("error"u8))
                chunk.Error = WireValues.ErrorMessage(NextElement(ref reader)) ?? "(no message)"; // present at all: an error
            else
                SkipValue(ref reader);
        }
        if (!chunk.HasChoice && chunk.Usage is null && chunk.Error is { } error)
            throw new UpstreamUnavailableException(UpstreamShapeCheck.StreamErrorMessage(alias, provider, redactor.Redact(error)));
        return new ExchangeUpdate
        {
            StartsMessage = chunk.Role is not null,
            Text = chunk.Text is { Length: > 0 } text ? text : null,
            Reasoning = chunk.Reasoning,
            Refusal = chunk.Refusal,
            ToolCalls = chunk.ToolCalls,
            FinishReason = chunk.FinishReason is { Length: > 0 } reason ? reason : null,
            Usage = chunk.Usage,
            Model = string.IsNullOrEmpty(chunk.Model) ? null : chunk.Model,
            SystemFingerprint = chunk.Fingerprint,
            Logprobs = chunk.Logprobs,
        };
    }

    /// <summary>What a chunk said, gathered while reading.</summary>
    private struct Chunk
    {
        /// <summary>Whether the chunk had a choice object.</summary>
        public bool HasChoice;
        /// <summary>delta.role.</summary>
        public string? Role;
        /// <summary>delta.content (parts joined).</summary>
        public string? Text;
        /// <summary>delta.reasoning_content.</summary>
        public string? Reasoning;
        /// <summary>delta.refusal.</summary>
        public string? Refusal;
        /// <summary>delta.tool_calls.</summary>
        public IReadOnlyList<ExchangeToolCallDelta>? ToolCalls;
        /// <summary>The choice's finish_reason.</summary>
        public string? FinishReason;
        /// <summary>The choice's logprobs.</summary>
        public IReadOnlyList<ExchangeLogprob>? Logprobs;
        /// <summary>The chunk's model.</summary>
        public string? Model;
        /// <summary>The chunk's system_fingerprint.</summary>
        public string? Fingerprint;
        /// <summary>The chunk's usage.</summary>
        public ExchangeUsage? Usage;
        /// <summary>The message of the chunk's "error", if it has one.</summary>
        public string? Error;
    }

    /// <summary>The choices array: the first object is read, the rest skipped.</summary>
    private static void ReadChoices(ref Utf8JsonReader reader, ref Chunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject && !chunk.HasChoice)
            {
                chunk.HasChoice = true;
                ReadChoice(ref reader, ref chunk);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>One choice object: its delta, finish_reason and logprobs.</summary>
    private static void ReadChoice(ref Utf8JsonReader reader, ref Chunk chunk)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                    ReadDelta(ref reader, ref chunk);
                else
                    reader.Skip();
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
                chunk.FinishReason = NextString(ref reader);
            else if (reader.ValueTextEquals("logprobs"u8))
                chunk.Logprobs = WireValues.LogprobsOf(NextElement(ref reader));
            else
                SkipValue(ref reader);
        }
    }

    /// <summary>A delta object: role, content, reasoning_content, refusal, tool_calls.</summary>
    private static void ReadDelta(ref Utf8JsonReader reader, ref Chunk chunk)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                chunk.Text = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.StartArray => WireValues.TextOfParts(Element(ref reader)),
                    _ => SkipTo(ref reader),
                };
            }
            else if (reader.ValueTextEquals("role"u8))
                chunk.Role = NextString(ref reader);
            else if (reader.ValueTextEquals("reasoning_content"u8))
                chunk.Reasoning = NextString(ref reader);
            else if (reader.ValueTextEquals("refusal"u8))
                chunk.Refusal = NextString(ref reader);
            else if (reader.ValueTextEquals("tool_calls"u8))
                chunk.ToolCalls = ToolCallDeltas(NextElement(ref reader));
            else
                SkipValue(ref reader);
        }
    }

    /// <summary>The next value as a string, or null (skipped) when it is not one.</summary>
    private static string? NextString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : SkipTo(ref reader);
    }

    /// <summary>The next value as a detached element (for the rare nested values); null, sent on every chunk by many providers, parses to nothing.</summary>
    private static JsonElement NextElement(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? default : Element(ref reader);
    }

    /// <summary>The value at the reader as a detached element.</summary>
    private static JsonElement Element(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }

    /// <summary>Skips the value after a property name.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Skips the value at the reader (an object or array to its end) and gives null.</summary>
    private static string? SkipTo(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>A tool_calls array's fragments, or null when it has none.</summary>
    private static IReadOnlyList<ExchangeToolCallDelta>? ToolCallDeltas(JsonElement calls)
    {
        if (calls.ValueKind != JsonValueKind.Array)
            return null;
        List<ExchangeToolCallDelta>? result = null;
        foreach (var call in calls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object)
                continue;
            var index = WireValues.Long(call, "index") is { } n and >= 0 and <= int.MaxValue ? (int)n : result?.Count ?? 0;
            var function = WireValues.Object(call, "function");
            (result ??= []).Add(new ExchangeToolCallDelta(index, WireValues.String(call, "id"), WireValues.String(function, "name"), WireValues.Arguments(function)));
        }
        return result;
    }
}
