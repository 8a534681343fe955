using PromptCapture.Protocols.AnthropicMessages;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.Ollama;

namespace PromptCapture.Hosting;

/// <summary>
/// When gateway keys are configured, every /v1 route needs one of them, as "Authorization: Bearer KEY" (OpenAI
/// clients) or "x-api-key: KEY" (Anthropic clients), checked by <see cref="GatewayKeys"/> in constant time. Health
/// routes stay open for process managers.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IReadOnlyList<string> keys)
{
    /// <summary>The header Anthropic's SDKs and Claude Code send their key in.</summary>
    public const string AnthropicKeyHeader = "x-api-key";

    private readonly GatewayKeys _keys = new(keys);

    /// <summary>Lets the request through, or answers 401 in OpenAI's shape (Anthropic's on the /v1/messages routes).</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (!_keys.Any || !(context.Request.Path.StartsWithSegments("/v1") || OllamaErrors.IsOllamaPath(context.Request.Path)) || _keys.MatchesBearer(headers.Authorization.ToString())
            || (headers.TryGetValue(AnthropicKeyHeader, out var key) && key.ToString() is { Length: > 0 } k && _keys.Matches(k)))
            return next(context);
        const string message = "Missing or incorrect gateway API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>' with a key given to serve --api-key or PROMPT_CAPTURE_API_KEY.";
        if (OllamaErrors.IsOllamaPath(context.Request.Path))
            return OllamaErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, message);
        if (MessagesErrors.IsMessagesPath(context.Request.Path))
            return MessagesErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, MessagesErrors.Error("authentication_error", message));
        return ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, message, "invalid_request_error", null, "invalid_api_key");
    }
}
