using System.Globalization;
using System.Numerics;
using System.Text;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// The parts of the writer that copy parsed JSON from its raw UTF-8 where that already is Python's text: plain ASCII
/// strings and names, integer literals; everything else goes through the decoding paths of the main file.
/// </summary>
internal sealed partial class PythonJsonWriter
{
    /// <summary>
    /// A JSON number literal (its UTF-8): integers exactly as Python ints print (a long needs no string; only "-0"
    /// changes, to "0"), huge ones through BigInteger, others through float repr.
    /// </summary>
    private void WriteNumber(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny(FloatMarks) >= 0)
            _out.Append(PythonFloat.Repr(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)));
        else if (raw.Length <= 18 && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
            _out.Append(small);
        else
            _out.Append(BigInteger.Parse(Encoding.ASCII.GetString(raw), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                .ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The bytes that make a JSON number a float for json.loads.</summary>
    private static readonly System.Buffers.SearchValues<byte> FloatMarks = System.Buffers.SearchValues.Create(".eE"u8);

    /// <summary>Bytes a string may hold for its raw JSON to be exactly what Python writes: printable ASCII but quote and backslash.</summary>
    private static readonly System.Buffers.SearchValues<byte> PlainBytes = System.Buffers.SearchValues.Create(
        Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (byte)c).Where(c => c is not ((byte)'"' or (byte)'\\')).ToArray());

    /// <summary>
    /// Writes a JSON string straight from its raw UTF-8 (between the quotes) when that is plain printable ASCII with no
    /// escape, which Python writes unchanged in every mode: no string is made. False (nothing written) otherwise.
    /// </summary>
    private bool TryAppendPlain(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > 1024 || raw.IndexOfAnyExcept(PlainBytes) >= 0)
            return false;
        Span<char> chars = stackalloc char[raw.Length];
        Encoding.ASCII.GetChars(raw, chars);
        _out.Append('"').Append(chars).Append('"');
        return true;
    }
}
