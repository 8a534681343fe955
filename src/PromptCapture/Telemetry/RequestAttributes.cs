using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Telemetry;

/// <summary>
/// Request and answer attributes in the GenAI conventions' shapes. Message contents only when
/// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true: prompts are the user's data, and never go out unasked.
/// </summary>
internal static class RequestAttributes
{
    /// <summary>The standard opt-in for message contents in spans, read once at start.</summary>
    public static readonly bool CaptureContent =
        string.Equals(Environment.GetEnvironmentVariable("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>gen_ai.request.* from the options the client set (numbers as numbers, stop as a string array).</summary>
    public static void AddOptions(Activity span, IReadOnlyList<KeyValuePair<string, JsonElement>> options)
    {
        foreach (var (name, value) in options)
        {
            if (!GenAi.RequestOptions.TryGetValue(name, out var attribute))
                continue;
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetInt64(out var whole) && attribute is not ("gen_ai.request.temperature" or "gen_ai.request.top_p"):
                    span.SetTag(attribute, whole);
                    break;
                case JsonValueKind.Number:
                    span.SetTag(attribute, value.GetDouble());
                    break;
                case JsonValueKind.String when attribute == "gen_ai.request.stop_sequences":
                    span.SetTag(attribute, new[] { value.GetString()! });
                    break;
                case JsonValueKind.Array when attribute == "gen_ai.request.stop_sequences":
                    span.SetTag(attribute, value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray());
                    break;
            }
        }
    }

    /// <summary>Response model, finish reason and token counts; the output message when contents are opted in.</summary>
    public static void AddAnswer(Activity span, ExchangeAnswer answer)
    {
        if (answer.Model is { } model)
            span.SetTag(GenAi.ResponseModel, model);
        if (answer.FinishReason is { } finish)
            span.SetTag(GenAi.FinishReasons, new[] { finish });
        if (answer.Usage is { } usage)
        {
            span.SetTag(GenAi.InputTokens, usage.InputTokens);
            span.SetTag(GenAi.OutputTokens, usage.OutputTokens);
        }
        if (CaptureContent && answer.ToMessage() is { } message)
            span.SetTag(GenAi.OutputMessages, Json(writer => WriteMessage(writer, message, answer.FinishReason)));
    }

    /// <summary>gen_ai.system_instructions and gen_ai.input.messages as the conventions' JSON.</summary>
    public static void AddInput(Activity span, IReadOnlyList<ExchangeMessage> messages)
    {
        var system = messages.Where(m => m.Role is "system" or "developer").ToList();
        if (system.Count > 0)
        {
            span.SetTag(GenAi.SystemInstructions, Json(writer =>
            {
                writer.WriteStartArray();
                foreach (var part in system.SelectMany(m => m.Parts))
                    WritePart(writer, part);
                writer.WriteEndArray();
            }));
        }
        span.SetTag(GenAi.InputMessages, Json(writer =>
        {
            writer.WriteStartArray();
            foreach (var message in messages.Where(m => m.Role is not ("system" or "developer")))
                WriteMessage(writer, message, null);
            writer.WriteEndArray();
        }));
    }

    /// <summary>One message: role, parts and, for an answer, its finish reason.</summary>
    private static void WriteMessage(Utf8JsonWriter writer, ExchangeMessage message, string? finishReason)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role);
        writer.WriteStartArray("parts");
        foreach (var part in message.Parts)
            WritePart(writer, part);
        writer.WriteEndArray();
        if (finishReason is not null)
            writer.WriteString("finish_reason", finishReason);
        writer.WriteEndObject();
    }

    /// <summary>One part in the conventions' vocabulary; attachment bytes are never written, only their type or URL.</summary>
    private static void WritePart(Utf8JsonWriter writer, ExchangePart part)
    {
        writer.WriteStartObject();
        switch (part.Kind)
        {
            case ExchangePartKind.Text:
                writer.WriteString("type", "text");
                writer.WriteString("content", part.Text);
                break;
            case ExchangePartKind.Reasoning:
                writer.WriteString("type", "reasoning");
                writer.WriteString("content", part.Text);
                break;
            case ExchangePartKind.ToolCall:
                writer.WriteString("type", "tool_call");
                writer.WriteString("id", part.ToolCallId);
                writer.WriteString("name", part.ToolName);
                writer.WriteString("arguments", part.Arguments);
                break;
            case ExchangePartKind.ToolResult:
                writer.WriteString("type", "tool_call_response");
                writer.WriteString("id", part.ToolCallId);
                writer.WriteString("response", part.Text);
                break;
            default:
                writer.WriteString("type", part.Url is null ? "blob" : "uri");
                writer.WriteString("mime_type", part.MimeType);
                if (part.Url is not null && !part.Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                    writer.WriteString("uri", part.Url);
                break;
        }
        writer.WriteEndObject();
    }

    /// <summary>Runs a writer into a string.</summary>
    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return GatewayTelemetry.Redact(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
