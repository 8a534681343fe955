using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PromptCapture.Viewer.Auth;

/// <summary>
/// Viewer logins: a random token in an HttpOnly, SameSite=Strict cookie, and only its SHA-256 kept here, so neither
/// the key nor a usable token is ever stored. Sessions live in memory and end with the process or after a week.
/// </summary>
internal sealed class ViewerSessions(TimeProvider time)
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "promptcapture_viewer";

    /// <summary>How long a login lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Most sessions kept; logging in again and again must not grow memory without bound.</summary>
    private const int MaxSessions = 1000;

    /// <summary>Expiry by token digest (hex).</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session and returns its token (32 random bytes, base64url).</summary>
    public string Create()
    {
        var now = time.GetUtcNow();
        if (_sessions.Count >= MaxSessions)
            Prune(now);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _sessions[Digest(token)] = now + Lifetime;
        return token;
    }

    /// <summary>Whether a cookie value is a live session.</summary>
    public bool IsValid(string? token) =>
        token is { Length: > 0 and < 100 } && _sessions.TryGetValue(Digest(token), out var expires) && expires > time.GetUtcNow();

    /// <summary>Ends a session (logout).</summary>
    public void End(string? token)
    {
        if (token is { Length: > 0 and < 100 })
            _sessions.TryRemove(Digest(token), out _);
    }

    /// <summary>Drops expired sessions, then the oldest ones if still full.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (digest, expires) in _sessions)
        {
            if (expires <= now)
                _sessions.TryRemove(digest, out _);
        }
        foreach (var (digest, _) in _sessions.OrderBy(s => s.Value).Take(Math.Max(0, _sessions.Count - MaxSessions + 1)))
            _sessions.TryRemove(digest, out _);
    }

    /// <summary>The stored form of a token.</summary>
    private static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>base64url without padding, safe in a cookie.</summary>
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
