using System.Runtime.InteropServices;
using System.Text.Json;
using PromptCapture.Errors;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// Values that parse as JSON but cannot travel further: a lone surrogate escape ("\ud800") in a field kept as raw
/// JSON, which throws wherever it is later read, and sampling numbers too large for the 32-bit floats the OpenAI SDK
/// sends. Both become a 400 naming the field, before anything is routed.
/// </summary>
internal static class RequestValueChecks
{
    /// <summary>
    /// Only values that cannot be sent are refused, not values outside OpenAI's ranges: providers differ (DeepSeek,
    /// Ollama, llama.cpp accept other ranges) and each upstream already answers its own 400 for values it rejects.
    /// </summary>
    private static readonly (string Name, Func<ChatCompletionRequest, double?> Value, string OpenAIRange)[] Floats =
    [
        ("temperature", r => r.Temperature, "0 to 2"),
        ("top_p", r => r.TopP, "0 to 1"),
        ("presence_penalty", r => r.PresencePenalty, "-2 to 2"),
        ("frequency_penalty", r => r.FrequencyPenalty, "-2 to 2"),
    ];

    /// <summary>Throws <see cref="InvalidRequestException"/> for the first value that cannot be sent on.</summary>
    public static void Check(ChatCompletionRequest request)
    {
        foreach (var (name, value, range) in Floats)
        {
            if (value(request) is { } number && !float.IsFinite((float)number))
                throw new InvalidRequestException(
                    $"'{name}' is out of range: {number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is too large to send upstream. OpenAI accepts {range}; other providers check their own range.",
                    name, "invalid_value");
        }
        for (var i = 0; i < request.Messages!.Count; i++)
        {
            // A null message is refused later, by the translator that names it.
            if (request.Messages[i] is not { } message)
                continue;
            if (message.Content is { } content)
                ThrowIfLoneSurrogate(content, $"messages[{i}].content");
            CheckExtra(message.Extra, $"messages[{i}].");
        }
        if (request.Stop is { } stop)
            ThrowIfLoneSurrogate(stop, "stop");
        if (request.Tools is { } tools)
            ThrowIfLoneSurrogate(tools, "tools");
        if (request.ToolChoice is { } toolChoice)
            ThrowIfLoneSurrogate(toolChoice, "tool_choice");
        if (request.ResponseFormat is { } format)
            ThrowIfLoneSurrogate(format, "response_format");
        CheckExtra(request.Extra, "");
    }

    /// <summary>Unknown fields kept verbatim: their values (names were decoded by the parser already).</summary>
    private static void CheckExtra(Dictionary<string, JsonElement>? extra, string prefix)
    {
        if (extra is null)
            return;
        foreach (var (name, value) in extra)
            ThrowIfLoneSurrogate(value, prefix + name);
    }

    /// <summary>Walks a raw JSON value; only strings and property names holding a \u escape are looked at closely.</summary>
    private static void ThrowIfLoneSurrogate(JsonElement element, string path)
    {
        if (FindLoneSurrogate(element) is { } inner)
            throw new InvalidRequestException(
                $"'{path + inner}' holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not text and cannot be sent upstream.",
                path + inner, "invalid_value");
    }

    /// <summary>The path below <paramref name="element"/> of the first bad string ("" for the element itself), or null when all are text.</summary>
    private static string? FindLoneSurrogate(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return HasLoneSurrogate(JsonMarshal.GetRawUtf8Value(element)) ? "" : null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindLoneSurrogate(item) is { } inner)
                        return $"[{index}]{inner}";
                    index++;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    // A bad name cannot be written into the path (it is not text): the path then names its object.
                    if (HasLoneSurrogate(JsonMarshal.GetRawUtf8PropertyName(property)))
                        return "";
                    if (FindLoneSurrogate(property.Value) is { } inner)
                        return $".{property.Name}{inner}";
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether raw JSON string bytes hold a \uD800-\uDBFF escape not followed by a \uDC00-\uDFFF one, or a low one
    /// alone. Escapes are skipped whole, so "\\ud800" (an escaped backslash) is text. Vectorised search for '\'.
    /// </summary>
    internal static bool HasLoneSurrogate(ReadOnlySpan<byte> raw)
    {
        var i = raw.IndexOf((byte)'\\');
        while (i >= 0 && i + 1 < raw.Length)
        {
            if (raw[i + 1] != (byte)'u' || i + 6 > raw.Length)
            {
                i = Next(raw, i + 2);
                continue;
            }
            var unit = Hex(raw.Slice(i + 2, 4));
            if (unit is >= 0xDC00 and <= 0xDFFF)
                return true;
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var low = i + 12 <= raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' ? Hex(raw.Slice(i + 8, 4)) : -1;
                if (low is < 0xDC00 or > 0xDFFF)
                    return true;
                i = Next(raw, i + 12);
                continue;
            }
            i = Next(raw, i + 6);
        }
        return false;
    }

    /// <summary>The next backslash at or after <paramref name="from"/>, or -1.</summary>
    private static int Next(ReadOnlySpan<byte> raw, int from)
    {
        if (from >= raw.Length)
            return -1;
        var next = raw[from..].IndexOf((byte)'\\');
        return next < 0 ? -1 : from + next;
    }

    /// <summary>Four hex digits as a number; -1 when they are not hex (the parser already refused those).</summary>
    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits)
        {
            var nibble = d switch
            {
                >= (byte)'0' and <= (byte)'9' => d - '0',
                >= (byte)'a' and <= (byte)'f' => d - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => d - 'A' + 10,
                _ => -1,
            };
            if (nibble < 0)
                return -1;
            value = value * 16 + nibble;
        }
        return value;
    }
}
