
namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// Orders strings by Unicode code point as Python's sort_keys does; ordinal UTF-16 order differs for astral
/// characters (surrogates) versus U+E000..U+FFFF, which would change canonical JSON and so every hash.
/// </summary>
public sealed class CodePointComparer : IComparer<string>
{
    /// <summary>The shared instance; the comparer holds no state.</summary>
    public static CodePointComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] == y[i]) continue;
            return CodePointAt(x, i).CompareTo(CodePointAt(y, i));
        }
        return x.Length.CompareTo(y.Length);
    }

    /// <summary>
    /// The code point starting at a differing index; a high surrogate of a valid pair stands for a value above
    /// U+FFFF (exact value irrelevant once the prefix is equal), a lone surrogate for itself.
    /// </summary>
    private static int CodePointAt(string s, int i)
    {
        if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            return char.ConvertToUtf32(s[i], s[i + 1]);
        return s[i];
    }
}
