using System.Text.Json;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// Python's <c>json.dumps</c>, byte for byte, over .NET values: llm hashes its canonical form and stores its
/// default form, and System.Text.Json's escaping, separators and number layout differ from both.
/// </summary>
/// <remarks>
/// Accepted values: null, string, bool, integral numbers, double/float/decimal, <see cref="JsonElement"/>,
/// <see cref="System.Text.Json.Nodes.JsonNode"/>, <see cref="PyDict"/>, sequences of key/value pairs (dicts) and
/// other sequences (lists). JSON numbers follow json.loads: integer literals stay ints, anything with a fraction
/// or exponent becomes a float and is written as Python's repr.
/// </remarks>
public static class PythonJson
{
    /// <summary>
    /// llm's canonical_json: <c>json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)</c>.
    /// </summary>
    public static string Canonical(object? value) => Dumps(value, sortKeys: true, compact: true, ensureAscii: false);

    /// <summary>Plain <c>json.dumps(v)</c>: ", " and ": " separators, insertion order, non-ASCII as \uXXXX.</summary>
    public static string Dumps(object? value) => Dumps(value, sortKeys: false, compact: false, ensureAscii: true);

    /// <summary><c>json.dumps(v, separators=(",", ":"))</c>, the form llm gives schemas.</summary>
    public static string Compact(object? value) => Dumps(value, sortKeys: false, compact: true, ensureAscii: true);

    /// <summary><c>json.dumps(v, indent=N)</c>: what <c>llm logs --json</c> prints (ASCII only, insertion order).</summary>
    public static string Indented(object? value, int indent = 2) => Dumps(value, sortKeys: false, compact: false, ensureAscii: true, indent);

    /// <summary>The general form, mirroring json.dumps' sort_keys, separators, ensure_ascii and indent arguments.</summary>
    public static string Dumps(object? value, bool sortKeys, bool compact, bool ensureAscii, int indent = 0)
    {
        var builder = RentBuilder();
        try
        {
            new PythonJsonWriter(sortKeys, compact, ensureAscii, indent, builder).WriteValue(value);
            return builder.ToString();
        }
        finally
        {
            ReturnBuilder(builder);
        }
    }

    /// <summary>
    /// Plain <c>json.dumps(v)</c> into this thread's scratch buffer, for a document handed to SQLite at once (which
    /// copies it), so a large one never becomes a string; valid until the thread's next call.
    /// </summary>
    internal static ReadOnlyMemory<char> DumpsToScratch(object? value)
    {
        var builder = RentBuilder();
        try
        {
            new PythonJsonWriter(sortKeys: false, compact: false, ensureAscii: true, output: builder).WriteValue(value);
            var scratch = _scratch is { } kept && kept.Length >= builder.Length ? kept : new char[Math.Max(builder.Length, 1024)];
            builder.CopyTo(0, scratch, builder.Length);
            _scratch = scratch.Length <= KeptBufferChars ? scratch : null;
            return scratch.AsMemory(0, builder.Length);
        }
        finally
        {
            ReturnBuilder(builder);
        }
    }

    /// <summary>This thread's scratch buffer for <see cref="DumpsToScratch"/>.</summary>
    [ThreadStatic]
    private static char[]? _scratch;

    /// <summary>BLAKE2b-128 hex of the canonical form, hashed from the writer's buffer without making it a string.</summary>
    public static string CanonicalBlake2b128Hex(object? value) =>
        CanonicalBlake2b128Hex(value, static (_, writer, v) => writer.WriteValue(v));

    /// <summary>
    /// BLAKE2b-128 hex of canonical JSON that <paramref name="write"/> lays out itself (keys already in sorted order,
    /// compact separators), using the writer only for the values: for hot shapes that need no dictionaries; the hex
    /// comes after <paramref name="prefix"/> in the one string returned.
    /// </summary>
    internal static string CanonicalBlake2b128Hex<TState>(TState state, Action<System.Text.StringBuilder, PythonJsonWriter, TState> write, string prefix = "")
    {
        var builder = RentBuilder();
        try
        {
            write(builder, new PythonJsonWriter(sortKeys: true, compact: true, ensureAscii: false, output: builder), state);
            return Blake2b.Hash128Hex(builder, prefix);
        }
        finally
        {
            ReturnBuilder(builder);
        }
    }

    /// <summary>The largest builder or scratch buffer a thread keeps: one huge document should not stay in memory.</summary>
    private const int KeptBufferChars = 64 * 1024;

    /// <summary>This thread's spare builder: the writer dumps several small documents per record.</summary>
    [ThreadStatic]
    private static System.Text.StringBuilder? _spare;

    /// <summary>Takes the spare builder (or a new one when it is in use or absent).</summary>
    private static System.Text.StringBuilder RentBuilder()
    {
        var builder = _spare ?? new System.Text.StringBuilder(256);
        _spare = null;
        return builder;
    }

    /// <summary>Keeps a builder for the next dump unless it grew large (one big document should not stay in memory).</summary>
    private static void ReturnBuilder(System.Text.StringBuilder builder)
    {
        if (builder.Capacity > KeptBufferChars)
            return;
        builder.Clear();
        _spare = builder;
    }

    /// <summary>Parses JSON text into a detached element that the dump methods accept.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
