using System.Runtime.InteropServices;
using System.Text.Json;
using PromptCapture.Errors;

namespace PromptCapture.Protocols.Common;

/// <summary>
/// A lone surrogate escape ("\ud800") parses as JSON but is not text: it throws wherever the string is read later (SK,
/// the capture's hashing), so every front door refuses it up front with a 400 naming the field. Bodies without such an
/// escape pay one vectorised scan for backslashes.
/// </summary>
public static class LoneSurrogates
{
    /// <summary>Throws <see cref="InvalidRequestException"/> naming the first field whose string (or name) holds a lone surrogate.</summary>
    public static void ThrowIfAny(ReadOnlySpan<byte> body)
    {
        if (!HasLoneSurrogate(body))
            return;
        using var document = JsonDocument.Parse(body.ToArray());
        var path = FindLoneSurrogate(document.RootElement)?.TrimStart('.');
        var where = string.IsNullOrEmpty(path) ? "The request" : $"'{path}'";
        throw new InvalidRequestException(
            $"{where} holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not text and cannot be sent upstream.",
            string.IsNullOrEmpty(path) ? null : path, "invalid_value");
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
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> raw)
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
