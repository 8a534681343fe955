using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
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
/// <param name="output">Where the text goes (a builder reused by the caller, or a new one).</param>
internal sealed partial class PythonJsonWriter(bool sortKeys, bool compact, bool ensureAscii, int indent = 0, StringBuilder? output = null)
{
    /// <summary>Characters that a string never writes as they are; with ensure_ascii also everything above '~'.</summary>
    private static readonly System.Buffers.SearchValues<char> Plain = System.Buffers.SearchValues.Create(
        Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => c is not ('"' or '\\')).ToArray());

    /// <summary>What is escaped without ensure_ascii: quote, backslash and the C0 controls.</summary>
    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, ' ').Select(c => (char)c).Append('"').Append('\\').ToArray());

    /// <summary>Lowercase hex digits, as Python's \u escapes use.</summary>
    private const string Hex = "0123456789abcdef";

    /// <summary>The output being built.</summary>
    private readonly StringBuilder _out = output ?? new StringBuilder();

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
            case PyDict dict: WriteObject(dict); break;
            case IEnumerable<KeyValuePair<string, object?>> pairs: WriteObject(ToDict(pairs)); break;
            case IList list: WriteArray(list); break;
            case IEnumerable items and not byte[]: WriteArray(items.Cast<object?>().ToList()); break;
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
                    if (!TryAppendPlain(JsonMarshal.GetRawUtf8PropertyName(property)))
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
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (!TryAppendPlain(raw[1..^1]))
                    WriteString(element.GetString()!);
                break;
            case JsonValueKind.Number: WriteNumber(JsonMarshal.GetRawUtf8Value(element)); break;
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
            // Names without escapes compare as their raw UTF-8; only an escaped name is decoded to a string.
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var escaped = raw.IndexOf((byte)'\\') >= 0;
            string? name = null;
            foreach (var earlier in element.EnumerateObject())
            {
                if (other++ == index)
                    break;
                if (escaped ? earlier.NameEquals(name ??= property.Name) : earlier.NameEquals(raw))
                    return true;
            }
            index++;
            if (index > 32)
                return true; // large objects take the dict path rather than a quadratic scan
        }
        return false;
    }

    /// <summary>Writes a dict; keys are de-duplicated Python-style, then sorted by code point if asked (in a pooled array).</summary>
    private void WriteObject(PyDict dict)
    {
        var items = dict.Items;
        var count = items.Count;
        KeyValuePair<string, object?>[]? sorted = null;
        if (sortKeys && count > 1)
        {
            sorted = System.Buffers.ArrayPool<KeyValuePair<string, object?>>.Shared.Rent(count);
            items.CopyTo(sorted);
            Array.Sort(sorted, 0, count, KeyOrder.Instance);
        }
        _out.Append('{');
        var first = true;
        for (var i = 0; i < count; i++)
        {
            var (key, value) = sorted is null ? items[i] : sorted[i];
            Separate(ref first);
            WriteString(key);
            _out.Append(_keySeparator);
            WriteValue(value);
        }
        Close('}', first);
        if (sorted is not null)
            System.Buffers.ArrayPool<KeyValuePair<string, object?>>.Shared.Return(sorted, clearArray: true);
    }

    /// <summary>Orders dict entries by key in code point order, as sort_keys does.</summary>
    private sealed class KeyOrder : IComparer<KeyValuePair<string, object?>>
    {
        /// <summary>The one instance.</summary>
        public static readonly KeyOrder Instance = new();

        /// <inheritdoc />
        public int Compare(KeyValuePair<string, object?> x, KeyValuePair<string, object?> y) =>
            CodePointComparer.Instance.Compare(x.Key, y.Key);
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
    private void WriteArray(IList items)
    {
        _out.Append('[');
        var first = true;
        for (var i = 0; i < items.Count; i++)
        {
            Separate(ref first);
            WriteValue(items[i]);
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
        var rest = s.AsSpan();
        while (rest.Length > 0)
        {
            // Runs of plain characters go in one append; only the characters that need an escape are looked at.
            var run = ensureAscii ? rest.IndexOfAnyExcept(Plain) : IndexOfEscaped(rest);
            if (run < 0)
            {
                _out.Append(rest);
                break;
            }
            _out.Append(rest[..run]);
            WriteChar(rest[run]);
            rest = rest[(run + 1)..];
        }
        _out.Append('"');
    }

    /// <summary>Without ensure_ascii only quote, backslash and C0 controls are escaped.</summary>
    private static int IndexOfEscaped(ReadOnlySpan<char> text) => text.IndexOfAny(Escaped);

    /// <summary>One character that is not written as it is (or, without ensure_ascii, a non-ASCII one that is).</summary>
    private void WriteChar(char c)
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
}
