using PromptCapture.Protocols.Common;

namespace PromptCapture.Hosting;

/// <summary>
/// When gateway keys are configured, every /v1 route needs "Authorization: Bearer KEY" with one of them, checked by
/// <see cref="GatewayKeys"/> in constant time. Health routes stay open for process managers.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IReadOnlyList<string> keys)
{
    private readonly GatewayKeys _keys = new(keys);

    /// <summary>Lets the request through, or answers 401 in OpenAI's shape.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (!_keys.Any || !context.Request.Path.StartsWithSegments("/v1") || _keys.MatchesBearer(context.Request.Headers.Authorization.ToString()))
            return next(context);
        return ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized,
            "Missing or incorrect gateway API key: send 'Authorization: Bearer <key>' with a key given to serve --api-key or PROMPT_CAPTURE_API_KEY.",
            "invalid_request_error", null, "invalid_api_key");
    }
}
