using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// BLAKE2b with a 16-byte digest, as Python's <c>hashlib.blake2b(data, digest_size=16)</c>; .NET has no BLAKE2
/// of its own, and digest_size is a parameter of the algorithm, not a truncation of the 64-byte hash.
/// </summary>
public static class Blake2b
{
    /// <summary>Lowercase hex of BLAKE2b-128 over the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Hash128Hex(string text) => Hash128Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>Lowercase hex of BLAKE2b-128 over raw bytes.</summary>
    public static string Hash128Hex(byte[] data)
    {
        var digest = new Blake2bDigest(128);
        digest.BlockUpdate(data, 0, data.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return Convert.ToHexStringLower(output);
    }
}
