using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Capture;

/// <summary>
/// Masks secrets in everything a capture record would store: message text, tool arguments and results, the answer,
/// the raw provider payload, options, tools, schema and the error message. A model that repeats a key it saw, or a
/// client that pastes one, must not put it in the database. Costs one scan per string when nothing matches.
/// </summary>
internal static class CaptureRedaction
{
    /// <summary>The record with every stored string masked; the same instance when nothing changed.</summary>
    public static CaptureRecord Apply(CaptureRecord record, Func<string, string> redact) =>
        NeedsMasking(record, redact) ? Masked(record, redact) : record;

    /// <summary>
    /// Whether any stored string holds a secret; looks without copying the record, as nearly every record holds none
    /// and this runs for each one on the request path (before the record is journaled).
    /// </summary>
    private static bool NeedsMasking(CaptureRecord record, Func<string, string> redact)
    {
        bool Hit(string? value) => value is not null && !ReferenceEquals(redact(value), value);
        bool JsonHit(JsonElement value) =>
            value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String && Hit(value.GetRawText());
        foreach (var message in record.Messages)
        {
            foreach (var part in message.Parts)
            {
                if (Hit(part.Text) || Hit(part.Arguments) || Hit(part.Url) || Hit(part.ToolName))
                    return true;
            }
        }
        foreach (var option in record.Options)
        {
            if (JsonHit(option.Value))
                return true;
        }
        foreach (var tool in record.Tools)
        {
            if (Hit(tool.Description) || (tool.Parameters is { } parameters && JsonHit(parameters)))
                return true;
        }
        if ((record.Schema is { } schema && JsonHit(schema)) || Hit(record.ErrorMessage) || Hit(record.ResponseJson))
            return true;
        if (record.Answer is { } answer)
        {
            if (Hit(answer.Text) || Hit(answer.Reasoning) || Hit(answer.Refusal))
                return true;
            foreach (var call in answer.ToolCalls)
            {
                if (Hit(call.Arguments) || Hit(call.Name))
                    return true;
            }
        }
        return false;
    }

    /// <summary>The record rebuilt with every stored string masked.</summary>
    private static CaptureRecord Masked(CaptureRecord record, Func<string, string> redact)
    {
        var changed = false;
        string? Text(string? value)
        {
            if (value is null)
                return null;
            var masked = redact(value);
            if (!ReferenceEquals(masked, value) && masked != value)
                changed = true;
            return masked;
        }
        JsonElement Json(JsonElement value)
        {
            if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String))
                return value;
            var raw = value.GetRawText();
            var masked = Text(raw)!;
            if (ReferenceEquals(masked, raw) || masked == raw)
                return value;
            try
            {
                using var document = JsonDocument.Parse(masked);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // The mask landed inside an escape (a key spelled with "\/"): kept as the masked text, as a JSON string.
                return JsonSerializer.SerializeToElement(masked, CaptureRedactionJson.Default.String);
            }
        }

        var messages = record.Messages.Select(m => m with { Parts = m.Parts.Select(p => p with
        {
            Text = Text(p.Text),
            Arguments = Text(p.Arguments),
            Url = Text(p.Url),
            ToolName = Text(p.ToolName),
        }).ToList() }).ToList();
        var options = record.Options.Select(o => new KeyValuePair<string, JsonElement>(o.Key, Json(o.Value))).ToList();
        var tools = record.Tools.Select(t => t with
        {
            Description = Text(t.Description),
            Parameters = t.Parameters is { } p ? Json(p) : null,
        }).ToList();
        var schema = record.Schema is { } s ? Json(s) : (JsonElement?)null;
        var answer = record.Answer is null ? null : Answer(record.Answer, Text, record.ResponseJson);
        var error = Text(record.ErrorMessage);
        if (!changed)
            return record;
        return record with
        {
            Request = record.Request with { Messages = messages, Options = options, Tools = tools, Schema = schema },
            Answer = answer,
            ErrorMessage = error,
        };
    }

    /// <summary>A copy of the answer with its texts masked and its payload fixed to the masked form.</summary>
    private static ExchangeAnswer Answer(ExchangeAnswer answer, Func<string?, string?> text, string? payload)
    {
        var masked = text(payload);
        return new ExchangeAnswer
        {
            Text = text(answer.Text),
            Reasoning = text(answer.Reasoning),
            Refusal = text(answer.Refusal),
            ToolCalls = answer.ToolCalls.Select(c => c with { Arguments = text(c.Arguments)!, Name = text(c.Name) }).ToList(),
            FinishReason = answer.FinishReason,
            Usage = answer.Usage,
            Model = answer.Model,
            Created = answer.Created,
            SystemFingerprint = answer.SystemFingerprint,
            ServiceTier = answer.ServiceTier,
            Logprobs = answer.Logprobs,
            RawJson = masked is null ? null : () => masked,
        };
    }
}

/// <summary>Source-generated JSON for the one type redaction writes (a masked text kept as a JSON string).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class CaptureRedactionJson : System.Text.Json.Serialization.JsonSerializerContext;
