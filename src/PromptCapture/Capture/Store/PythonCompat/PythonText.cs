using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// The few Python text habits <c>llm logs</c> prints with (str() of a decoded JSON value, textwrap.indent,
/// format(n, ","), str.splitlines, len), so our Markdown matches llm's byte for byte.
/// </summary>
public static class PythonText
{
    /// <summary><c>str(value)</c> of a json.loads value: a string as itself, anything else as Python prints it.</summary>
    public static string Str(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : Repr(value);

    /// <summary><c>repr(value)</c> of a json.loads value: True/False/None, float repr, quoted strings, [..] and {..}.</summary>
    public static string Repr(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return ReprString(value.GetString()!);
            case JsonValueKind.True: return "True";
            case JsonValueKind.False: return "False";
            case JsonValueKind.Number: return PythonJson.Dumps(value);
            case JsonValueKind.Array: return "[" + string.Join(", ", value.EnumerateArray().Select(Repr)) + "]";
            case JsonValueKind.Object:
                return "{" + string.Join(", ", PyDict.FromObject(value).Select(kv => ReprString(kv.Key) + ": " + Repr((JsonElement)kv.Value!))) + "}";
            default: return "None";
        }
    }

    /// <summary>
    /// Python's string repr: single quotes unless the text has a single quote and no double one; backslash, the
    /// quote, \t \n \r escaped; other non-printable characters as \xNN, \uNNNN or \UNNNNNNNN.
    /// </summary>
    public static string ReprString(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var result = new StringBuilder().Append(quote);
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == quote || c == '\\') result.Append('\\').Append((char)c);
            else if (c == '\t') result.Append("\\t");
            else if (c == '\n') result.Append("\\n");
            else if (c == '\r') result.Append("\\r");
            else if (IsPrintable(rune)) result.Append(rune.ToString());
            else if (c < 0x100) result.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            else if (c < 0x10000) result.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            else result.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
        }
        return result.Append(quote).ToString();
    }

    /// <summary>str.isprintable for one character: everything but controls, format, unassigned, private use, surrogates and separators other than space.</summary>
    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ')
            return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }

    /// <summary>Python truthiness of a json.loads value: empty containers and strings, 0, false and None are false.</summary>
    public static bool Truthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Any(),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.True => true,
        _ => false,
    };

    /// <summary><c>format(n, ",")</c>: thousands separated by commas.</summary>
    public static string Thousands(long number) => number.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary><c>len(text)</c>: Python counts code points, not UTF-16 units.</summary>
    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
            count++;
        return count;
    }

    /// <summary>
    /// <c>textwrap.indent(text, prefix)</c>: the prefix goes before every line that is not only whitespace; lines
    /// split as str.splitlines(keepends=True) splits them.
    /// </summary>
    public static string Indent(string text, string prefix)
    {
        var result = new StringBuilder();
        foreach (var line in SplitLinesKeepEnds(text))
        {
            if (line.Trim().Length > 0)
                result.Append(prefix);
            result.Append(line);
        }
        return result.ToString();
    }

    /// <summary>str.splitlines(keepends=True): \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029 end lines.</summary>
    private static IEnumerable<string> SplitLinesKeepEnds(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029'))
                continue;
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                i++;
            yield return text[start..(i + 1)];
            start = i + 1;
        }
        if (start < text.Length)
            yield return text[start..];
    }

    /// <summary>llm's truncate_string(text, 100): longer text keeps its first 97 code points and gains "...".</summary>
    public static string Truncate(string text, int maxLength = 100)
    {
        if (Length(text) <= maxLength)
            return text;
        var kept = new StringBuilder();
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == maxLength - 3)
                break;
            kept.Append(rune.ToString());
        }
        return kept.Append("...").ToString();
    }
}
