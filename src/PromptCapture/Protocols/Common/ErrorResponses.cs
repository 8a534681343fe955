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
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, WireJson.Context.OpenAIErrorEnvelope, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Shortcut for errors the endpoints raise themselves.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? param, string? code) =>
        WriteAsync(context, status, new OpenAIErrorEnvelope { Error = new OpenAIError { Message = message, Type = type, Param = param, Code = code } });
}
