using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// Failures in Anthropic's shape, {"type":"error","error":{"type","message"}}: the status comes from the one
/// classification every front door shares, the Anthropic error type from the status.
/// </summary>
public static class MessagesErrors
{
    /// <summary>The status and error event for an exception; unknown exceptions get a generic message so no internals leak.</summary>
    public static (int Status, ErrorEvent Body) For(Exception exception)
    {
        var (status, _, _) = ErrorClassification.Classify(exception);
        var message = exception is GatewayException ? exception.Message : "The gateway hit an internal error; the request was not completed.";
        // The type follows the status; only Anthropic's own finer types (overloaded, billing...) are passed on as they came.
        var type = exception is UpstreamErrorException { Type: { } upstreamType } && IsFinerType(upstreamType) ? upstreamType : TypeFor(status);
        return (status, Error(type, message));
    }

    /// <summary>An error event with a type and message.</summary>
    public static ErrorEvent Error(string type, string message) => new() { Error = new MessagesError { Type = type, Message = message } };

    /// <summary>Anthropic's error type for a status.</summary>
    public static string TypeFor(int status) => status switch
    {
        400 or 415 or 422 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        503 or 529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>Writes the error as the whole response, unless the response has already started.</summary>
    public static async Task WriteAsync(HttpContext context, Exception exception)
    {
        if (context.Response.HasStarted)
            return;
        var (status, body) = For(exception);
        await WriteAsync(context, status, body).ConfigureAwait(false);
    }

    /// <summary>Writes a given status and error body.</summary>
    public static async Task WriteAsync(HttpContext context, int status, ErrorEvent body)
    {
        ErrorResponses.Reset(context, status);
        await JsonResponse.WriteAsync(context, (MessagesEvent)body, MessagesJson.Context.MessagesEvent).ConfigureAwait(false);
    }

    /// <summary>Whether a route is one whose errors are answered in Anthropic's shape (/v1/messages and below).</summary>
    public static bool IsMessagesPath(PathString path) => path.StartsWithSegments("/v1/messages", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for Anthropic error types a status alone does not tell.</summary>
    private static bool IsFinerType(string type) => type is "billing_error" or "request_too_large" or "timeout_error" or "overloaded_error";
}
