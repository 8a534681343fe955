using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Errors;
using ChatToolCall = OpenAI.Chat.ChatToolCall;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>
/// Writes the Chat Completions request body for an SK history and settings straight to UTF-8, the JSON SK's OpenAI
/// connector would send for the histories the front doors build: messages (names, image, audio and text parts,
/// replayed tool calls, tool results), the typed options, then every ExtraBody field as given, an ExtraBody field
/// replacing the typed one of the same name.
/// </summary>
internal static class ChatBodyWriter
{
    /// <summary>Plain UTF-8 for text (non-ASCII is not escaped); JSON's own escapes only.</summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The body for one call, written in the calling thread's reused buffer and copied out at its exact size (the
    /// content outlives the call: retries send it again).
    /// </summary>
    public static byte[] ToArray(ChatHistory history, PromptExecutionSettings? settings, string model, bool stream)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(8 * 1024);
        buffer.ResetWrittenCount();
        Write(buffer, history, settings, model, stream);
        var body = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > KeptBufferBytes)
        {
            // One huge request (images) should not keep its buffer on the thread, through the writer either.
            t_buffer = null;
            t_writer = null;
        }
        return body;
    }

    /// <summary>A thread's body buffer grown past this is let go after use.</summary>
    private const int KeptBufferBytes = 256 * 1024;

    /// <summary>The calling thread's body buffer.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Writes the body for one call to <paramref name="buffer"/>.</summary>
    public static void Write(IBufferWriter<byte> buffer, ChatHistory history, PromptExecutionSettings? settings, string model, bool stream)
    {
        var openAi = settings as OpenAIPromptExecutionSettings;
        var extra = openAi?.ExtraBody;
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);
        writer.WriteStartObject();
        if (!Has(extra, "messages"))
            WriteMessages(writer, history);
        if (!Has(extra, "model"))
            writer.WriteString("model", model);
        if (stream)
        {
            if (!Has(extra, "stream"))
                writer.WriteBoolean("stream", true);
            // As SK does: usage always comes back, on a final chunk of its own.
            if (!Has(extra, "stream_options"))
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }
        }
        if (openAi is not null)
            WriteOptions(writer, openAi, extra);
        if (extra is not null)
        {
            foreach (var (name, value) in extra)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
        }
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The calling thread's JSON writer, reset onto each body's buffer.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The typed options that are set, unless ExtraBody carries the same field.</summary>
    private static void WriteOptions(Utf8JsonWriter writer, OpenAIPromptExecutionSettings s, IDictionary<string, object?>? extra)
    {
        Number(writer, extra, "temperature", s.Temperature);
        Number(writer, extra, "top_p", s.TopP);
        Number(writer, extra, "presence_penalty", s.PresencePenalty);
        Number(writer, extra, "frequency_penalty", s.FrequencyPenalty);
        if (s.MaxTokens is { } max && !Has(extra, "max_completion_tokens"))
            writer.WriteNumber("max_completion_tokens", max);
        if (s.StopSequences is { Count: > 0 } stops && !Has(extra, "stop"))
        {
            writer.WriteStartArray("stop");
            foreach (var stop in stops)
                writer.WriteStringValue(stop);
            writer.WriteEndArray();
        }
        if (s.Seed is { } seed && !Has(extra, "seed"))
            writer.WriteNumber("seed", seed);
        if (s.User is { } user && !Has(extra, "user"))
            writer.WriteString("user", user);
        if (s.Logprobs is { } logprobs && !Has(extra, "logprobs"))
            writer.WriteBoolean("logprobs", logprobs);
        if (s.TopLogprobs is { } top && !Has(extra, "top_logprobs"))
            writer.WriteNumber("top_logprobs", top);
        if (s.TokenSelectionBiases is { Count: > 0 } biases && !Has(extra, "logit_bias"))
        {
            writer.WriteStartObject("logit_bias");
            foreach (var (token, bias) in biases)
                writer.WriteNumber(token.ToString(System.Globalization.CultureInfo.InvariantCulture), bias);
            writer.WriteEndObject();
        }
        if (s.ResponseFormat is { } format && !Has(extra, "response_format"))
            WriteResponseFormat(writer, format);
    }

    /// <summary>SK's typed response_format: a JSON value as given, or the names "json_object" and "text".</summary>
    private static void WriteResponseFormat(Utf8JsonWriter writer, object format)
    {
        var type = format switch
        {
            string name => name,
            JsonElement { ValueKind: JsonValueKind.String } name => name.GetString(),
            _ => null,
        };
        if (format is JsonElement { ValueKind: JsonValueKind.Object } element)
        {
            writer.WritePropertyName("response_format");
            element.WriteTo(writer);
        }
        else if (type is "json_object" or "text")
        {
            writer.WriteStartObject("response_format");
            writer.WriteString("type", type);
            writer.WriteEndObject();
        }
    }

    /// <summary>A finite number option, unless ExtraBody carries it.</summary>
    private static void Number(Utf8JsonWriter writer, IDictionary<string, object?>? extra, string name, double? value)
    {
        if (value is { } v && !Has(extra, name))
            writer.WriteNumber(name, v);
    }

    /// <summary>Whether ExtraBody sets <paramref name="name"/> (it then replaces the typed field).</summary>
    private static bool Has(IDictionary<string, object?>? extra, string name) => extra is not null && extra.ContainsKey(name);

    /// <summary>The messages array.</summary>
    private static void WriteMessages(Utf8JsonWriter writer, ChatHistory history)
    {
        writer.WriteStartArray("messages");
        foreach (var message in history)
        {
            if (message.Role == AuthorRole.Tool)
                WriteToolResults(writer, message);
            else
                WriteMessage(writer, message);
        }
        writer.WriteEndArray();
    }

    /// <summary>A system, developer, user or assistant message.</summary>
    private static void WriteMessage(Utf8JsonWriter writer, ChatMessageContent message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Label);
        if (message.Role == AuthorRole.User && !(message.Items is [TextContent]))
            WriteParts(writer, message.Items);
        else
            writer.WriteString("content", message.Content ?? "");
        if (message.AuthorName is { } name)
            writer.WriteString("name", name);
        if (message.Role == AuthorRole.Assistant && message.Metadata?.GetValueOrDefault(SkHistory.ToolCallsMetadataKey) is IEnumerable<ChatToolCall> calls)
            WriteToolCalls(writer, calls);
        writer.WriteEndObject();
    }

    /// <summary>A user message's parts: text, image_url (a data URL for bytes) and input_audio.</summary>
    private static void WriteParts(Utf8JsonWriter writer, ChatMessageContentItemCollection items)
    {
        writer.WriteStartArray("content");
        foreach (var item in items)
        {
            writer.WriteStartObject();
            switch (item)
            {
                case TextContent text:
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text.Text ?? "");
                    break;
                case ImageContent image:
                    writer.WriteString("type", "image_url");
                    writer.WriteStartObject("image_url");
                    if (image.Data is { IsEmpty: false } data)
                        writer.WriteString("url", DataUrl(image.MimeType, data.Span));
                    else
                        writer.WriteString("url", image.Uri?.AbsoluteUri ?? throw new NotSupportedException("An image part has neither bytes nor a URL."));
                    if (image.Metadata?.GetValueOrDefault(SkHistory.ImageDetailMetadataKey) is { } detail)
                        writer.WriteString("detail", detail.ToString());
                    writer.WriteEndObject();
                    break;
                case AudioContent audio when audio.Data is { } sound:
                    writer.WriteString("type", "input_audio");
                    writer.WriteStartObject("input_audio");
                    writer.WriteBase64String("data", sound.Span);
                    writer.WriteString("format", AudioFormat(audio.MimeType));
                    writer.WriteEndObject();
                    break;
                default:
                    throw new NotSupportedException($"A user message part of type {item.GetType().Name} cannot be sent to an OpenAI-compatible upstream.");
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Chat Completions' input_audio format for a media type: wav or mp3, the two it accepts.</summary>
    private static string AudioFormat(string? mime) => mime switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        "audio/mp3" or "audio/mpeg" => "mp3",
        _ => throw new InvalidRequestException(
            $"Audio of type {mime ?? "(unknown)"} cannot be sent to an OpenAI-compatible upstream: Chat Completions takes wav or mp3 only.", null, "unsupported_value"),
    };

    /// <summary>An image's bytes as a base64 data URL.</summary>
    private static string DataUrl(string? mime, ReadOnlySpan<byte> bytes) =>
        string.Concat("data:", mime ?? "image/png", ";base64,", Convert.ToBase64String(bytes));

    /// <summary>An assistant message's tool calls, replayed exactly (id, name, argument string).</summary>
    private static void WriteToolCalls(Utf8JsonWriter writer, IEnumerable<ChatToolCall> calls)
    {
        writer.WriteStartArray("tool_calls");
        foreach (var call in calls)
            ToolCallJson.Write(writer, call.Id, call.FunctionName, call.FunctionArguments.ToString());
        writer.WriteEndArray();
    }

    /// <summary>A tool message: one wire message per function result it holds.</summary>
    private static void WriteToolResults(Utf8JsonWriter writer, ChatMessageContent message)
    {
        foreach (var item in message.Items)
        {
            if (item is not FunctionResultContent result)
                continue;
            writer.WriteStartObject();
            writer.WriteString("role", "tool");
            writer.WriteString("tool_call_id", result.CallId);
            writer.WriteString("content", result.Result as string ?? result.Result?.ToString() ?? "");
            writer.WriteEndObject();
        }
    }

    /// <summary>An ExtraBody value: the JSON values and scalars the front doors put there.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case JsonElement element: element.WriteTo(writer); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case int number: writer.WriteNumberValue(number); break;
            case long number: writer.WriteNumberValue(number); break;
            case double number: writer.WriteNumberValue(number); break;
            case float number: writer.WriteNumberValue(number); break;
            default: throw new NotSupportedException($"An ExtraBody value of type {value.GetType().Name} cannot be written.");
        }
    }
}
