using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>Reads the pieces Chat Completions answers and chunks share: strings, usage, log probabilities, arguments.</summary>
internal static class WireValues
{
    /// <summary>A string property of an object, or null (absent, null, or not an object).</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    /// <summary>
    /// A message's or delta's content: a string, or the text parts of a list joined (Mistral and some vLLM builds send
    /// parts); null when absent.
    /// </summary>
    public static string? Content(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("content", out var content))
            return null;
        return content.ValueKind == JsonValueKind.String ? content.GetString() : TextOfParts(content);
    }

    /// <summary>The text parts of a content list joined, or null (not a list, or no text part).</summary>
    public static string? TextOfParts(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
            return null;
        string? text = null;
        foreach (var part in content.EnumerateArray())
        {
            if (String(part, "type") is null or "text" && String(part, "text") is { } piece)
                text = text is null ? piece : text + piece;
        }
        return text;
    }

    /// <summary>A finish reason as sent; an empty string (sent by some providers on every chunk) is none.</summary>
    public static string? FinishReason(JsonElement choice) => String(choice, "finish_reason") is { Length: > 0 } reason ? reason : null;

    /// <summary>An integer property, or null (absent, null, a string, a fraction).</summary>
    public static long? Long(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number) ? number : null;

    /// <summary>An object property, or default (absent or not an object).</summary>
    public static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    /// <summary>The objects of an array property (other entries skipped); empty when absent or not an array.</summary>
    public static IEnumerable<JsonElement> Objects(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            yield break;
        foreach (var item in array.EnumerateArray())
            if (item.ValueKind == JsonValueKind.Object)
                yield return item;
    }

    /// <summary>The message of an "error" value: a bare string, or an object's message; null when it has none.</summary>
    public static string? ErrorMessage(JsonElement error) =>
        error.ValueKind == JsonValueKind.String ? error.GetString() : String(error, "message");

    /// <summary>A function's argument text: the string as written, or the raw JSON of an object some providers send.</summary>
    public static string? Arguments(JsonElement function)
    {
        if (function.ValueKind != JsonValueKind.Object || !function.TryGetProperty("arguments", out var arguments))
            return null;
        return arguments.ValueKind switch
        {
            JsonValueKind.String => arguments.GetString(),
            JsonValueKind.Null => null,
            _ => arguments.GetRawText(),
        };
    }

    /// <summary>The usage object of an answer or chunk in neutral form; details stay null when not reported.</summary>
    public static ExchangeUsage? Usage(JsonElement root) => UsageOf(Object(root, "usage"));

    /// <summary>A usage object in neutral form, or null when it is not an object.</summary>
    public static ExchangeUsage? UsageOf(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
            return null;
        var input = Long(usage, "prompt_tokens") ?? 0;
        var output = Long(usage, "completion_tokens") ?? 0;
        return new ExchangeUsage(input, output, Long(usage, "total_tokens") ?? input + output,
            Detail(usage, "prompt_tokens_details", "cached_tokens"), Detail(usage, "completion_tokens_details", "reasoning_tokens"));
    }

    /// <summary>A choice's token log probabilities, or null when it has none.</summary>
    public static IReadOnlyList<ExchangeLogprob>? Logprobs(JsonElement choice) => LogprobsOf(Object(choice, "logprobs"));

    /// <summary>A logprobs object's token log probabilities, or null when it has none.</summary>
    public static IReadOnlyList<ExchangeLogprob>? LogprobsOf(JsonElement logprobs)
    {
        List<ExchangeLogprob>? result = null;
        foreach (var token in Objects(logprobs, "content"))
            (result ??= []).Add(Logprob(token, Objects(token, "top_logprobs").Select(a => Logprob(a, [])).ToArray()));
        return result;
    }

    /// <summary>One token's log probability; bytes that are not all byte values are left out.</summary>
    private static ExchangeLogprob Logprob(JsonElement token, IReadOnlyList<ExchangeLogprob> top)
    {
        ReadOnlyMemory<byte>? bytes = null;
        if (token.TryGetProperty("bytes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var array = new byte[list.GetArrayLength()];
            var j = 0;
            foreach (var b in list.EnumerateArray())
            {
                if (b.ValueKind != JsonValueKind.Number || !b.TryGetByte(out var value))
                    break;
                array[j++] = value;
            }
            if (j == array.Length)
                bytes = array;
        }
        var logprob = token.TryGetProperty("logprob", out var lp) && lp.ValueKind == JsonValueKind.Number ? lp.GetSingle() : 0f;
        return new ExchangeLogprob(String(token, "token") ?? "", logprob, bytes, top);
    }

    /// <summary>A count inside a details object: null when the object is absent, 0 when it lacks the count.</summary>
    private static long? Detail(JsonElement usage, string details, string name) =>
        Object(usage, details) is { ValueKind: JsonValueKind.Object } obj ? Long(obj, name) ?? 0 : null;
}
