using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PromptCapture.Capture.Store.Reading;

namespace PromptCapture.Viewer.Api;

/// <summary>
/// Rebuilds a captured turn's request as a chat-completions curl command, so a user can send it again and vary it.
/// The body goes through a quoted heredoc, so no text in it is ever expanded by the shell; a gateway key is never
/// written, only the variable the user keeps it in.
/// </summary>
internal static class CurlCommand
{
    /// <summary>The heredoc's end marker; a JSON body never has it alone on a line (its strings are quoted).</summary>
    private const string Marker = "PROMPTCAPTURE_JSON";

    /// <summary>The command for <paramref name="request"/> against <paramref name="baseUrl"/> (scheme and host, no path).</summary>
    public static string Render(ReplayableRequest request, string baseUrl, bool keyRequired, Func<string, (string? Type, byte[] Content)?> attachment)
    {
        var text = new StringBuilder();
        text.Append("curl ").Append(baseUrl).Append("/v1/chat/completions \\\n")
            .Append("  -H 'Content-Type: application/json' \\\n");
        if (keyRequired)
            text.Append("  -H \"Authorization: Bearer $PROMPT_CAPTURE_API_KEY\" \\\n");
        if (request.Stream)
            text.Append("  -N \\\n");
        text.Append("  -d @- <<'").Append(Marker).Append("'\n")
            .Append(Body(request, attachment)).Append('\n')
            .Append(Marker).Append('\n');
        return text.ToString();
    }

    /// <summary>The JSON body: model, messages in OpenAI's shapes, the captured options, tools and response format.</summary>
    public static string Body(ReplayableRequest request, Func<string, (string? Type, byte[] Content)?> attachment)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("model", request.Model);
            json.WriteStartArray("messages");
            foreach (var message in request.Messages)
                WriteMessages(json, message, attachment);
            json.WriteEndArray();
            if (request.Options is { ValueKind: JsonValueKind.Object } options)
            {
                foreach (var option in options.EnumerateObject())
                {
                    if (option.Name is not ("stream" or "model" or "messages"))
                        option.WriteTo(json);
                }
            }
            if (request.Tools.Count > 0)
                WriteTools(json, request.Tools);
            if (request.Schema is { } schema)
            {
                json.WritePropertyName("response_format");
                Protocols.OpenAIChat.ResponseFormatJson.WriteJsonSchema(json, schema);
            }
            if (request.Stream)
                json.WriteBoolean("stream", true);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One stored message as OpenAI messages: a tool message per tool result, the rest as one message.</summary>
    private static void WriteMessages(Utf8JsonWriter json, StoredMessage message, Func<string, (string? Type, byte[] Content)?> attachment)
    {
        if (message.Role == "tool")
        {
            foreach (var part in message.Parts.Where(p => p.Type == "tool_result"))
            {
                json.WriteStartObject();
                json.WriteString("role", "tool");
                json.WriteString("tool_call_id", part.ToolCallId);
                json.WriteString("content", part.GetString("output") ?? "");
                json.WriteEndObject();
            }
            return;
        }
        json.WriteStartObject();
        json.WriteString("role", message.Role);
        var text = string.Concat(message.Parts.Where(p => p.Type == "text").Select(p => p.Text));
        var attachments = message.Parts.Where(p => p.Type == "attachment").SelectMany(p => p.Attachments).ToList();
        if (attachments.Count > 0 && message.Role == "user")
        {
            json.WriteStartArray("content");
            if (text.Length > 0)
            {
                json.WriteStartObject();
                json.WriteString("type", "text");
                json.WriteString("text", text);
                json.WriteEndObject();
            }
            foreach (var item in attachments)
                WriteAttachment(json, item, attachment);
            json.WriteEndArray();
        }
        else
        {
            var calls = message.Parts.Where(p => p.Type == "tool_call").ToList();
            if (text.Length == 0 && calls.Count > 0)
                json.WriteNull("content");
            else
                json.WriteString("content", text);
            if (calls.Count > 0)
                WriteToolCalls(json, calls);
        }
        json.WriteEndObject();
    }

    /// <summary>An attachment as an image_url or input_audio part: inline bytes become a data URL, a URL stays one.</summary>
    private static void WriteAttachment(Utf8JsonWriter json, AttachmentSummary item, Func<string, (string? Type, byte[] Content)?> attachment)
    {
        var stored = item.Url is null ? attachment(item.Id) : null;
        var type = item.Type ?? stored?.Type ?? "application/octet-stream";
        json.WriteStartObject();
        if (stored is { } bytes && type is "audio/wav" or "audio/x-wav" or "audio/mpeg" or "audio/mp3")
        {
            json.WriteString("type", "input_audio");
            json.WriteStartObject("input_audio");
            json.WriteString("data", Convert.ToBase64String(bytes.Content));
            json.WriteString("format", type.Contains("wav", StringComparison.Ordinal) ? "wav" : "mp3");
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("type", "image_url");
            json.WriteStartObject("image_url");
            json.WriteString("url", item.Url ?? (stored is { } b ? $"data:{type};base64,{Convert.ToBase64String(b.Content)}" : ""));
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>tool_calls of an assistant message; llm keeps arguments as an object, OpenAI sends them as a string.</summary>
    private static void WriteToolCalls(Utf8JsonWriter json, List<StoredPart> calls)
    {
        json.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            var arguments = call.Get("arguments") ?? default;
            PromptCapture.Providers.OpenAIWire.ToolCallJson.Write(json, call.ToolCallId, call.Name, arguments.ValueKind switch
            {
                JsonValueKind.String => arguments.GetString() ?? "{}",
                JsonValueKind.Undefined or JsonValueKind.Null => "{}",
                _ => arguments.GetRawText(),
            });
        }
        json.WriteEndArray();
    }

    /// <summary>The tools array in OpenAI's function shape.</summary>
    private static void WriteTools(Utf8JsonWriter json, IReadOnlyList<TurnTool> tools)
    {
        json.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            json.WriteStartObject();
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", tool.Name);
            if (tool.Description is not null)
                json.WriteString("description", tool.Description);
            if (tool.InputSchema is { } schema)
            {
                json.WritePropertyName("parameters");
                schema.WriteTo(json);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
