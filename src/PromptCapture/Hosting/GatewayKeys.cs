using System.Security.Cryptography;
using System.Text;

namespace PromptCapture.Hosting;

/// <summary>
/// The gateway keys, kept only as SHA-256 digests and compared in constant time (over digests, so a key's length leaks
/// nothing either); shared by the /v1 key check and the viewer's login so both accept exactly the same keys.
/// </summary>
public sealed class GatewayKeys(IReadOnlyList<string> keys)
{
    /// <summary>Digests of the configured keys.</summary>
    private readonly byte[][] _digests = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    /// <summary>Whether any key is configured (no keys: the gateway is open).</summary>
    public bool Any => _digests.Length > 0;

    /// <summary>How many keys are configured.</summary>
    public int Count => _digests.Length;

    /// <summary>True when <paramref name="candidate"/> is one of the keys; every key is compared, so timing says nothing about which.</summary>
    public bool Matches(ReadOnlySpan<char> candidate)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Trim().ToString()));
        var match = false;
        foreach (var key in _digests)
            match |= CryptographicOperations.FixedTimeEquals(digest, key);
        return match;
    }

    /// <summary>True when an Authorization header carries one of the keys as a bearer token.</summary>
    public bool MatchesBearer(string header)
    {
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && Matches(header.AsSpan(prefix.Length));
    }
}
