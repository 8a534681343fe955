using System.Buffers;
using System.Text;

namespace PromptCapture.Providers;

/// <summary>
/// Removes key values (the providers' and the gateway's own) from text that leaves the process or is stored: an
/// upstream's error may echo the key it was sent, a model may repeat one it saw. A key is found in every form text
/// can carry it: as is, JSON-escaped (<c>\u0075</c>, <c>\/</c>), URL-encoded (<c>%75</c>), HTML character references,
/// any mix of those character by character, and base64 (of the key alone or inside "user:key"). Its ToString
/// reveals nothing.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a key is replaced with.</summary>
    public const string Mask = "[redacted]";

    /// <summary>One that hides nothing, for hosts with no keys.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>The key values, longest first so a key containing another is masked whole.</summary>
    private readonly string[] _secrets;

    /// <summary>Base64 runs that appear in any base64 text encoding a key, whatever the key's byte offset.</summary>
    private readonly string[] _base64Cores;

    /// <summary>First characters a match can start with: each key's first character, and the escape starters.</summary>
    private readonly SearchValues<char> _starts;

    /// <summary>The keys and base64 cores as they are, for one vectorised look that clears most text at once.</summary>
    private readonly SearchValues<string> _literals;

    /// <summary>Characters that begin an escaped form (JSON, URL, HTML); text without them can only hold a literal key.</summary>
    private static readonly SearchValues<char> EscapeStarts = SearchValues.Create("\\%&");

    /// <summary>Keeps the key values worth hiding (very short values would mask ordinary words).</summary>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        _secrets = secrets.Where(s => s is { Length: >= 8 }).Select(s => s!).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ToArray();
        _base64Cores = _secrets.SelectMany(Base64Cores).Distinct(StringComparer.Ordinal).ToArray();
        var starts = new HashSet<char>(_secrets.Select(s => s[0])) { '\\', '%', '&' };
        foreach (var core in _base64Cores)
            starts.Add(core[0]);
        _starts = SearchValues.Create([.. starts]);
        _literals = SearchValues.Create([.. _secrets, .. _base64Cores], StringComparison.Ordinal);
    }

    /// <summary>Whether there is anything to hide; callers can skip work when not.</summary>
    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>This redactor's keys plus <paramref name="more"/>.</summary>
    public SecretRedactor With(IEnumerable<string?> more) => new(_secrets.Concat(more));

    /// <summary>The text with every key value masked, in whatever encoding it appears; the same instance when clean.</summary>
    public string Redact(string text)
    {
        if (_secrets.Length == 0 || text.Length < 8)
            return text;
        var span = text.AsSpan();
        // The common case, clean text, in one pass: no escape starter and no key or core spelled as it is. A key's
        // first letter is an ordinary letter, so the position-by-position scan below would otherwise stop everywhere.
        if (span.IndexOfAny(EscapeStarts) < 0 && span.IndexOfAny(_literals) < 0)
            return text;
        StringBuilder? result = null;
        var copied = 0;
        var i = span.IndexOfAny(_starts);
        while (i >= 0 && i < span.Length)
        {
            var length = MatchAt(span, i);
            if (length > 0)
            {
                result ??= new StringBuilder(text.Length);
                result.Append(span[copied..i]).Append(Mask);
                copied = i += length;
                continue;
            }
            var next = span[(i + 1)..].IndexOfAny(_starts);
            i = next < 0 ? -1 : i + 1 + next;
        }
        if (result is null)
            return text;
        return result.Append(span[copied..]).ToString();
    }

    /// <summary>Redacts a nullable text.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>Length of the text at <paramref name="at"/> that spells a key (in any encoding), or 0.</summary>
    private int MatchAt(ReadOnlySpan<char> text, int at)
    {
        foreach (var secret in _secrets)
        {
            if (EncodedMatch(text, at, secret) is > 0 and var length)
                return length;
        }
        foreach (var core in _base64Cores)
        {
            if (text[at..].StartsWith(core, StringComparison.Ordinal))
                return core.Length;
        }
        return 0;
    }

    /// <summary>Matches <paramref name="secret"/> character by character, each as itself or in an escaped form.</summary>
    private static int EncodedMatch(ReadOnlySpan<char> text, int at, string secret)
    {
        var p = at;
        foreach (var expected in secret)
        {
            if (p >= text.Length)
                return 0;
            var consumed = DecodeOne(text[p..], out var actual);
            if (consumed == 0 || actual != expected)
                return 0;
            p += consumed;
        }
        return p - at;
    }

    /// <summary>
    /// Reads one character in any form it may take (plain, JSON <c>\uXXXX</c> or <c>\x</c> escape, <c>%XX</c>, HTML
    /// <c>&amp;#NN;</c> / <c>&amp;#xNN;</c>); returns how many text characters it used.
    /// </summary>
    private static int DecodeOne(ReadOnlySpan<char> text, out char value)
    {
        value = text[0];
        switch (text[0])
        {
            case '\\' when text.Length >= 6 && (text[1] is 'u' or 'U') && TryHex(text.Slice(2, 4), out var code):
                value = (char)code;
                return 6;
            case '\\' when text.Length >= 2 && text[1] is '/' or '\\' or '"' or '\'':
                value = text[1];
                return 2;
            case '%' when text.Length >= 3 && TryHex(text.Slice(1, 2), out var octet) && octet < 0x80:
                value = (char)octet;
                return 3;
            case '&' when text.Length >= 4 && text[1] == '#':
                var end = text[..Math.Min(text.Length, 10)].IndexOf(';');
                if (end < 3)
                    return 1;
                var digits = text[2..end];
                var ok = digits[0] is 'x' or 'X'
                    ? TryHex(digits[1..], out var hexCode)
                    : int.TryParse(digits, System.Globalization.NumberStyles.None, null, out hexCode);
                if (!ok || hexCode > char.MaxValue)
                    return 1;
                value = (char)hexCode;
                return end + 1;
            default:
                return 1;
        }
    }

    /// <summary>Parses hex digits only (no sign, no spaces).</summary>
    private static bool TryHex(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (digits.Length == 0)
            return false;
        foreach (var c in digits)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                return false;
            value = value * 16 + d;
        }
        return true;
    }

    /// <summary>
    /// For each of the three byte offsets the key can start at inside base64 data (e.g. after "user:" in a Basic
    /// header), the run of base64 characters that depends only on the key's bytes: any base64 text holding the key
    /// holds one of these.
    /// </summary>
    private static IEnumerable<string> Base64Cores(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + bytes.Length];
            bytes.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded);
            // Characters touching the filler bytes before, or the unknown bytes after, vary with the neighbours.
            var skip = offset == 0 ? 0 : (offset * 8 + 5) / 6;
            var whole = (padded.Length * 8) / 6;
            var core = encoded[skip..whole];
            if (core.Length >= 8)
                yield return core;
        }
    }

    /// <summary>Says what this is without saying what it holds.</summary>
    public override string ToString() => $"SecretRedactor({_secrets.Length} keys)";
}
