using System.Buffers;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// BLAKE2b with a 16-byte digest, as Python's <c>hashlib.blake2b(data, digest_size=16)</c>; .NET has no BLAKE2
/// of its own, and digest_size is a parameter of the algorithm, not a truncation of the 64-byte hash.
/// </summary>
public static class Blake2b
{
    /// <summary>One digest per thread, reset after each use: the writer hashes several messages per record.</summary>
    [ThreadStatic]
    private static Blake2bDigest? _digest;

    /// <summary>Lowercase hex of BLAKE2b-128 over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Hash128Hex(string text)
    {
        var digest = Digest();
        Update(digest, text.AsSpan());
        return Finish(digest);
    }

    /// <summary>Lowercase hex of BLAKE2b-128 over the UTF-8 bytes of the text a builder holds (never made a string), after <paramref name="prefix"/>.</summary>
    internal static string Hash128Hex(StringBuilder text, string prefix = "")
    {
        var digest = Digest();
        foreach (var chunk in text.GetChunks())
            Update(digest, chunk.Span);
        return Finish(digest, prefix);
    }

    /// <summary>Lowercase hex of BLAKE2b-128 over raw bytes.</summary>
    public static string Hash128Hex(byte[] data)
    {
        var digest = Digest();
        digest.BlockUpdate(data, 0, data.Length);
        return Finish(digest);
    }

    /// <summary>This thread's digest, ready for new input.</summary>
    private static Blake2bDigest Digest() => _digest ??= new Blake2bDigest(128);

    /// <summary>
    /// Feeds UTF-16 text as UTF-8 through a pooled buffer. A chunk may end inside a surrogate pair only when the
    /// builder split it there; the encoder keeps the pending half, so the bytes are those of the whole text.
    /// </summary>
    private static void Update(Blake2bDigest digest, ReadOnlySpan<char> text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Encoding.UTF8.GetMaxByteCount(text.Length), 16 * 1024));
        try
        {
            var encoder = Utf8Encoder();
            var completed = false;
            while (!completed)
            {
                encoder.Convert(text, buffer, flush: false, out var used, out var written, out completed);
                digest.BlockUpdate(buffer.AsSpan(0, written));
                text = text[used..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>This thread's UTF-8 encoder, carrying a split surrogate pair from one chunk to the next within one hash.</summary>
    [ThreadStatic]
    private static Encoder? _encoder;

    /// <summary>The encoder for the hash in progress.</summary>
    private static Encoder Utf8Encoder() => _encoder ??= new UTF8Encoding(false).GetEncoder();

    /// <summary>Flushes the encoder, finishes the digest (which resets it) and formats it as hex after <paramref name="prefix"/>.</summary>
    private static string Finish(Blake2bDigest digest, string prefix = "")
    {
        var encoder = Utf8Encoder();
        Span<byte> tail = stackalloc byte[8];
        encoder.Convert(ReadOnlySpan<char>.Empty, tail, flush: true, out _, out var written, out _);
        if (written > 0)
            digest.BlockUpdate(tail[..written]);
        Span<byte> output = stackalloc byte[16];
        digest.DoFinal(output);
        if (prefix.Length == 0)
            return Convert.ToHexStringLower(output);
        // The prefixed id in one string (llm's "b2:" message hashes), not a hex string and then a concatenation.
        Span<char> text = stackalloc char[prefix.Length + 32];
        prefix.CopyTo(text);
        Convert.TryToHexStringLower(output, text[prefix.Length..], out _);
        return new string(text);
    }
}
