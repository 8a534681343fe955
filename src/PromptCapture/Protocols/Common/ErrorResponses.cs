using System.Text.Json;
using PromptCapture.Errors;

namespace PromptCapture.Protocols.Common;

/// <summary>Writes every failure as OpenAI's {"error": {message, type, param, code}}, with the status the classification gives.</summary>
public static class ErrorResponses
{
    /// <summary>The envelope for an exception; unknown exceptions get a generic message so no internals leak.</summary>
    public static (int Status, OpenAIErrorEnvelope Body) For(Exception exception)
    {
        var (status, type, code) = ErrorClassification.Classify(exception);
        var message = exception is GatewayException ? exception.Message : "The gateway hit an internal error; the request was not completed.";
        var param = (exception as GatewayException)?.Param;
        return (status, new OpenAIErrorEnvelope { Error = new OpenAIError { Message = message, Type = type, Param = param, Code = code } });
    }

    /// <summary>Writes the error as the whole response, unless the response has already started.</summary>
    public static async Task WriteAsync(HttpContext context, Exception exception)
    {
        if (context.Response.HasStarted)
            return;
        var (status, body) = For(exception);
        await WriteAsync(context, status, body).ConfigureAwait(false);
    }

    /// <summary>Writes a given status and error body.</summary>
    public static async Task WriteAsync(HttpContext context, int status, OpenAIErrorEnvelope body)
    {
        Reset(context, status);
        await JsonResponse.WriteAsync(context, body, WireJson.Context.OpenAIErrorEnvelope).ConfigureAwait(false);
    }

    /// <summary>Turns the response into a JSON error answer with <paramref name="status"/>, for any front door's error shape.</summary>
    public static void Reset(HttpContext context, int status)
    {
        // Clear drops what a half-built answer set, but the headers that describe the exchange stay: the request id
        // and the upstream's rate limits (retry-after above all, for the client's own backoff).
        var kept = context.Response.Headers.Where(h => KeptOnError(h.Key)).ToList();
        context.Response.Clear();
        foreach (var (name, value) in kept)
            context.Response.Headers[name] = value;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
    }

    /// <summary>Headers an error answer keeps from the answer it replaces.</summary>
    private static bool KeptOnError(string name) =>
        name.Equals(ClientDetails.RequestIdHeader, StringComparison.OrdinalIgnoreCase)
        || name.Equals("retry-after", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase);

    /// <summary>Shortcut for errors the endpoints raise themselves.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? param, string? code) =>
        WriteAsync(context, status, new OpenAIErrorEnvelope { Error = new OpenAIError { Message = message, Type = type, Param = param, Code = code } });
}
