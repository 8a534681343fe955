using System.Security.Cryptography;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// Lowercase monotonic ULIDs as llm makes them (<c>str(monotonic_ulid()).lower()</c>): llm sorts rows and picks the
/// latest conversation by id, so ours must carry the real time in the top 48 bits and never go backwards.
/// </summary>
public static class Ulid
{
    /// <summary>Crockford base32 in lowercase, the alphabet of llm's ids.</summary>
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>Mask of the 80 random bits.</summary>
    private static readonly UInt128 RandomMask = (UInt128.One << 80) - 1;

    /// <summary>Guards the last issued value so concurrent callers still get strictly increasing ids.</summary>
    private static readonly Lock Gate = new();

    /// <summary>The last id issued by this process.</summary>
    private static UInt128 _last;

    /// <summary>A new id, strictly greater than every id this process issued before.</summary>
    public static string NewUlid() => NewUlid(DateTimeOffset.UtcNow);

    /// <summary>A new id for the given time; same or earlier millisecond increments the previous random part.</summary>
    public static string NewUlid(DateTimeOffset now)
    {
        var millis = (UInt128)(ulong)Math.Max(0, now.ToUnixTimeMilliseconds()) & ((UInt128.One << 48) - 1);
        UInt128 value;
        lock (Gate)
        {
            var lastMillis = _last >> 80;
            if (millis > lastMillis)
                value = (millis << 80) | RandomBits();
            else
                value = (_last & RandomMask) == RandomMask ? ((lastMillis + 1) << 80) | RandomBits() : _last + 1;
            _last = value;
        }
        return Encode(value);
    }

    /// <summary>The timestamp a ULID carries, used by tests and readers.</summary>
    public static DateTimeOffset TimeOf(string ulid)
    {
        UInt128 value = 0;
        foreach (var c in ulid.ToLowerInvariant())
            value = (value << 5) | (uint)Alphabet.IndexOf(c);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(ulong)(value >> 80));
    }

    /// <summary>The smallest id of the given millisecond, so a time range becomes an id range the primary key index answers.</summary>
    public static string LowerBound(DateTimeOffset time) =>
        Encode(((UInt128)(ulong)Math.Max(0, time.ToUnixTimeMilliseconds()) & ((UInt128.One << 48) - 1)) << 80);

    /// <summary>80 bits from the OS CSPRNG, as the ULID spec asks.</summary>
    private static UInt128 RandomBits()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new UInt128(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..])) & RandomMask;
    }

    /// <summary>26 characters, 5 bits each, most significant first (the first carries only 3 bits).</summary>
    private static string Encode(UInt128 value)
    {
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(uint)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
