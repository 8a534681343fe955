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
    public static ExchangeUsage? Usage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
            return null;
        var input = Long(usage, "prompt_tokens") ?? 0;
        var output = Long(usage, "completion_tokens") ?? 0;
        return new ExchangeUsage(input, output, Long(usage, "total_tokens") ?? input + output,
            Detail(usage, "prompt_tokens_details", "cached_tokens"), Detail(usage, "completion_tokens_details", "reasoning_tokens"));
    }

    /// <summary>A choice's token log probabilities, or null when it has none.</summary>
    public static IReadOnlyList<ExchangeLogprob>? Logprobs(JsonElement choice)
    {
        if (!choice.TryGetProperty("logprobs", out var logprobs) || logprobs.ValueKind != JsonValueKind.Object
            || !logprobs.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
            return null;
        var result = new ExchangeLogprob[content.GetArrayLength()];
        var i = 0;
        foreach (var token in content.EnumerateArray())
        {
            IReadOnlyList<ExchangeLogprob> top = [];
            if (token.TryGetProperty("top_logprobs", out var alternatives) && alternatives.ValueKind == JsonValueKind.Array)
                top = alternatives.EnumerateArray().Select(a => Logprob(a, [])).ToArray();
            result[i++] = Logprob(token, top);
        }
        return result;
    }

    /// <summary>One token's log probability.</summary>
    private static ExchangeLogprob Logprob(JsonElement token, IReadOnlyList<ExchangeLogprob> top)
    {
        ReadOnlyMemory<byte>? bytes = null;
        if (token.TryGetProperty("bytes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var array = new byte[list.GetArrayLength()];
            var j = 0;
            foreach (var b in list.EnumerateArray())
                array[j++] = b.TryGetByte(out var value) ? value : (byte)0;
            bytes = array;
        }
        var logprob = token.TryGetProperty("logprob", out var lp) && lp.ValueKind == JsonValueKind.Number ? lp.GetSingle() : 0f;
        return new ExchangeLogprob(String(token, "token") ?? "", logprob, bytes, top);
    }

    /// <summary>An integer property, or null.</summary>
    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    /// <summary>A count inside a details object: null when the object is absent, 0 when it lacks the count.</summary>
    private static long? Detail(JsonElement usage, string details, string name) =>
        usage.TryGetProperty(details, out var obj) && obj.ValueKind == JsonValueKind.Object ? Long(obj, name) ?? 0 : null;
}
