using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.Ollama;

/// <summary>Failures in Ollama's shape, {"error":"..."}, with the status the shared classification gives.</summary>
public static class OllamaErrors
{
    /// <summary>The status and body for an exception; unknown exceptions get a generic message so no internals leak.</summary>
    public static (int Status, OllamaError Body) For(Exception exception)
    {
        var (status, _, _) = ErrorClassification.Classify(exception);
        var message = exception is GatewayException ? exception.Message : "The gateway hit an internal error; the request was not completed.";
        return (status, new OllamaError { Error = message });
    }

    /// <summary>Writes the error as the whole response, unless the response has already started.</summary>
    public static async Task WriteAsync(HttpContext context, Exception exception)
    {
        if (context.Response.HasStarted)
            return;
        var (status, body) = For(exception);
        ErrorResponses.Reset(context, status);
        await JsonResponse.WriteAsync(context, body, OllamaJson.Context.OllamaError).ConfigureAwait(false);
    }

    /// <summary>Writes a given status and message.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        ErrorResponses.Reset(context, status);
        await JsonResponse.WriteAsync(context, new OllamaError { Error = message }, OllamaJson.Context.OllamaError).ConfigureAwait(false);
    }

    /// <summary>Ollama's 404 for a model it does not have, worded as Ollama words it.</summary>
    public static ResourceNotFoundException ModelNotFound(string? model) =>
        new($"model \"{model}\" not found, try pulling it first", "model", "model_not_found");

    /// <summary>Whether a route is an Ollama one (/api/...), whose errors are answered in Ollama's shape.</summary>
    public static bool IsOllamaPath(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
