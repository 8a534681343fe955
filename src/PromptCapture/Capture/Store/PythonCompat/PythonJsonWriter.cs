using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// The encoder behind <see cref="PythonJson"/>: one instance per dump, following CPython's json encoder rules
/// (escape table, separators, sort order, dict semantics for duplicate keys).
/// </summary>
/// <param name="sortKeys">sort_keys=True.</param>
/// <param name="compact">separators=(",", ":").</param>
/// <param name="ensureAscii">ensure_ascii=True.</param>
/// <param name="indent">indent=N: each item on its own line, N spaces a level, "," between items (0 means none).</param>
internal sealed class PythonJsonWriter(bool sortKeys, bool compact, bool ensureAscii, int indent = 0)
{
    /// <summary>Lowercase hex digits, as Python's \u escapes use.</summary>
    private const string Hex = "0123456789abcdef";

    /// <summary>The output being built.</summary>
    private readonly StringBuilder _out = new();

    /// <summary>Separator between items: "," when compact or indented (json.dumps' default with indent), ", " otherwise.</summary>
    private readonly string _itemSeparator = compact || indent > 0 ? "," : ", ";

    /// <summary>How deep the writer is, for indentation.</summary>
    private int _level;

    /// <summary>Separator between key and value: ":" when compact, ": " by default.</summary>
    private readonly string _keySeparator = compact ? ":" : ": ";

    /// <summary>The JSON text written so far.</summary>
    public override string ToString() => _out.ToString();

    /// <summary>Writes any supported value; unsupported types are a programming error, so they throw.</summary>
    public void WriteValue(object? value)
    {
        switch (value)
        {
            case null: _out.Append("null"); break;
            case string s: WriteString(s); break;
            case bool b: _out.Append(b ? "true" : "false"); break;
            case int or long or short or sbyte or byte or ushort or uint or ulong or BigInteger:
                _out.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case double d: _out.Append(PythonFloat.Repr(d)); break;
            case float f: _out.Append(PythonFloat.Repr(f)); break;
            case decimal m: _out.Append(PythonFloat.Repr((double)m)); break;
            case JsonElement e: WriteElement(e); break;
            case JsonNode n: WriteElement(JsonSerializer.SerializeToElement(n)); break;
            case IEnumerable<KeyValuePair<string, object?>> dict: WriteObject(dict); break;
            case IEnumerable list and not byte[]: WriteArray(list.Cast<object?>()); break;
            default: throw new NotSupportedException($"PythonJson cannot write a {value.GetType().Name}.");
        }
    }

    /// <summary>Writes parsed JSON with json.loads semantics (int vs float, last duplicate key wins).</summary>
    private void WriteElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when !sortKeys && !HasRepeatedName(element):
                // The common case, written straight from the document: no dict to build, same output.
                _out.Append('{');
                var firstProperty = true;
                foreach (var property in element.EnumerateObject())
                {
                    Separate(ref firstProperty);
                    WriteString(property.Name);
                    _out.Append(_keySeparator);
                    WriteElement(property.Value);
                }
                Close('}', firstProperty);
                break;
            case JsonValueKind.Object:
                var dict = new PyDict();
                foreach (var property in element.EnumerateObject())
                    dict[property.Name] = property.Value;
                WriteObject(dict);
                break;
            case JsonValueKind.Array:
                _out.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    Separate(ref firstItem);
                    WriteElement(item);
                }
                Close(']', firstItem);
                break;
            case JsonValueKind.String: WriteString(element.GetString()!); break;
            case JsonValueKind.Number: WriteNumber(element.GetRawText()); break;
            case JsonValueKind.True: _out.Append("true"); break;
            case JsonValueKind.False: _out.Append("false"); break;
            default: _out.Append("null"); break;
        }
    }

    /// <summary>Whether a JSON object repeats a name (Python keeps the last value at the first position: the dict path handles it).</summary>
    private static bool HasRepeatedName(JsonElement element)
    {
        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            var other = 0;
            string? name = null;
            foreach (var earlier in element.EnumerateObject())
            {
                if (other++ == index)
                    break;
                if (earlier.NameEquals(name ??= property.Name))
                    return true;
            }
            index++;
            if (index > 32)
                return true; // large objects take the dict path rather than a quadratic scan
        }
        return false;
    }

    /// <summary>A JSON number literal: integers exactly as Python ints print, others through float repr.</summary>
    private void WriteNumber(string raw)
    {
        if (raw.AsSpan().IndexOfAny(".eE") >= 0)
            _out.Append(PythonFloat.Repr(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)));
        else
            _out.Append(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                .ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a dict; keys are de-duplicated Python-style, then sorted by code point if asked.</summary>
    private void WriteObject(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        var dict = entries as PyDict ?? ToDict(entries);
        IEnumerable<KeyValuePair<string, object?>> ordered = dict;
        if (sortKeys)
            ordered = dict.OrderBy(kv => kv.Key, CodePointComparer.Instance);
        _out.Append('{');
        var first = true;
        foreach (var (key, value) in ordered)
        {
            Separate(ref first);
            WriteString(key);
            _out.Append(_keySeparator);
            WriteValue(value);
        }
        Close('}', first);
    }

    /// <summary>Collapses arbitrary pairs into dict semantics (a repeated key keeps its first position).</summary>
    private static PyDict ToDict(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        var dict = new PyDict();
        foreach (var (key, value) in entries)
            dict[key] = value;
        return dict;
    }

    /// <summary>Writes a list.</summary>
    private void WriteArray(IEnumerable<object?> items)
    {
        _out.Append('[');
        var first = true;
        foreach (var item in items)
        {
            Separate(ref first);
            WriteValue(item);
        }
        Close(']', first);
    }

    /// <summary>Before an item: the separator after the previous one; with indent, a new line at the item's depth (one deeper for the first).</summary>
    private void Separate(ref bool first)
    {
        if (first)
        {
            first = false;
            _level++;
        }
        else
        {
            _out.Append(_itemSeparator);
        }
        if (indent > 0)
            _out.Append('\n').Append(' ', indent * _level);
    }

    /// <summary>Closes a container; with indent a non-empty one closes on its own line, an empty one stays "[]" or "{}" as Python writes it.</summary>
    private void Close(char bracket, bool wasEmpty)
    {
        if (!wasEmpty)
        {
            _level--;
            if (indent > 0)
                _out.Append('\n').Append(' ', indent * _level);
        }
        _out.Append(bracket);
    }

    /// <summary>
    /// CPython's string escaping: quote, backslash and the short control escapes always; other C0 controls as
    /// \u00xx; with ensure_ascii everything outside space..tilde as \uxxxx (UTF-16 units, so surrogate pairs).
    /// </summary>
    private void WriteString(string s)
    {
        _out.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': _out.Append("\\\""); break;
                case '\\': _out.Append("\\\\"); break;
                case '\n': _out.Append("\\n"); break;
                case '\r': _out.Append("\\r"); break;
                case '\t': _out.Append("\\t"); break;
                case '\b': _out.Append("\\b"); break;
                case '\f': _out.Append("\\f"); break;
                default:
                    if (c < ' ' || (ensureAscii && c > '~'))
                        _out.Append("\\u").Append(Hex[c >> 12]).Append(Hex[(c >> 8) & 15]).Append(Hex[(c >> 4) & 15]).Append(Hex[c & 15]);
                    else
                        _out.Append(c);
                    break;
            }
        }
        _out.Append('"');
    }
}
