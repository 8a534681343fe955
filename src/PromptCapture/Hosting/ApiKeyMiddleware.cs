using System.Security.Cryptography;
using System.Text;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Hosting;

/// <summary>
/// When gateway keys are configured, every /v1 route needs "Authorization: Bearer KEY" with one of them; compared in
/// constant time (over SHA-256 digests, so length leaks nothing either). Health routes stay open for process managers.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IReadOnlyList<string> keys)
{
    private readonly byte[][] _digests = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    /// <summary>Lets the request through, or answers 401 in OpenAI's shape.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (_digests.Length == 0 || !context.Request.Path.StartsWithSegments("/v1") || Allowed(context.Request.Headers.Authorization.ToString()))
            return next(context);
        return ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized,
            "Missing or incorrect gateway API key: send 'Authorization: Bearer <key>' with a key given to serve --api-key or PROMPT_CAPTURE_API_KEY.",
            "invalid_request_error", null, "invalid_api_key");
    }

    /// <summary>True when the header carries one of the keys; every key is compared, so timing says nothing about which.</summary>
    private bool Allowed(string header)
    {
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return false;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(header.AsSpan(prefix.Length).Trim().ToString()));
        var match = false;
        foreach (var key in _digests)
            match |= CryptographicOperations.FixedTimeEquals(digest, key);
        return match;
    }
}
