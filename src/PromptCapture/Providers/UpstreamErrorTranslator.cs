using System.ClientModel;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.SemanticKernel;
using PromptCapture.Errors;

namespace PromptCapture.Providers;

/// <summary>
/// Turns what SK and the OpenAI SDK throw for an upstream failure into the gateway's own failure classes, keeping
/// the upstream's message for 4xx and never including a key or header.
/// </summary>
public static class UpstreamErrorTranslator
{
    /// <summary>The gateway exception for <paramref name="error"/>; the client's own cancellation and unknown failures come back unchanged.</summary>
    public static Exception Translate(Exception error, ModelRoute route, CancellationToken clientToken)
    {
        if (error is GatewayException)
            return error;
        if (error is OperationCanceledException && clientToken.IsCancellationRequested)
            return error;
        var (code, body) = error switch
        {
            HttpOperationException { StatusCode: { } s } http => ((int)s, http.ResponseContent),
            // SK's streaming path lets the SDK's exception through unwrapped.
            ClientResultException { Status: > 0 } client => (client.Status, ReadBody(client)),
            // The Anthropic SDK's own exception, with the status and body of Anthropic's {"type":"error","error":{...}}.
            Anthropic.Exceptions.AnthropicApiException anthropic => ((int)anthropic.StatusCode, anthropic.ResponseBody),
            _ => (0, null),
        };
        if (code > 0)
        {
            // Masked again after JSON decoding: a key sent as \u0075... escapes only reads as the key once decoded.
            var redactor = route.Redactor;
            var (message, type, param, errorCode) = ReadUpstreamError(body is null ? null : redactor.Redact(body));
            (message, type, param, errorCode) = (redactor.RedactOrNull(message), redactor.RedactOrNull(type),
                redactor.RedactOrNull(param), redactor.RedactOrNull(errorCode));
            message ??= $"The upstream of '{route.Alias}' ({route.Provider}) answered HTTP {code}.";
            if (code is 401 or 403)
            {
                // The provider refused the gateway's own key: not the client's fault, and its message may quote a masked key.
                var variable = route.ApiKeyEnv is null ? "its API key" : route.ApiKeyEnv;
                return new UpstreamErrorException(502, $"The provider '{route.Provider}' rejected the gateway's credentials (HTTP {code}) for '{route.Alias}': check {variable}.",
                    "api_error", null, "upstream_auth_failed", error);
            }
            if (code >= 500)
                return new UpstreamUnavailableException($"The upstream of '{route.Alias}' ({route.Provider}) failed with HTTP {code}: {message}", error);
            return new UpstreamErrorException(code, message, type, param, errorCode, error);
        }
        if (Find<UpstreamStalledException>(error) is { } stalled)
            return new UpstreamTimeoutException($"The upstream of '{route.Alias}' ({route.Provider}) {stalled.Message}", error);
        if (Find<UpstreamResponseTooLargeException>(error) is { } tooLarge)
            return new UpstreamUnavailableException($"The upstream of '{route.Alias}' ({route.Provider}) {tooLarge.Message}", error);
        if (Find<TimeoutException>(error) is not null || error is OperationCanceledException)
            return new UpstreamTimeoutException($"The upstream of '{route.Alias}' ({route.Provider}) did not answer in time.", error);
        if (Find<HttpRequestException>(error) is { } request)
            return new UpstreamUnavailableException($"The upstream of '{route.Alias}' ({route.Provider}) could not be reached: {Describe(request)}", error);
        if (Find<IOException>(error) is not null || Find<JsonException>(error) is not null || Find<SocketException>(error) is not null)
            return new UpstreamUnavailableException($"The connection to the upstream of '{route.Alias}' ({route.Provider}) broke or sent an unreadable answer.", error);
        if (error is HttpOperationException)
            return new UpstreamUnavailableException($"The upstream of '{route.Alias}' ({route.Provider}) failed: {route.Redactor.Redact(error.Message)}", error);
        return UpstreamShapeCheck.FromReadFailure(error, route) ?? error;
    }

    /// <summary>The error body the SDK kept with its exception, if it was buffered.</summary>
    private static string? ReadBody(ClientResultException error)
    {
        try
        {
            return error.GetRawResponse()?.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The first exception of type T in the chain, or null.</summary>
    private static T? Find<T>(Exception? error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is T found)
                return found;
        return null;
    }

    /// <summary>A short reason for a connection failure, without URLs that could carry secrets.</summary>
    private static string Describe(HttpRequestException request) =>
        request.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "connection refused or reset",
            HttpRequestError.NameResolutionError => "host name not found",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "the connection closed before the answer ended",
            HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
            _ => Find<SocketException>(request)?.SocketErrorCode.ToString() ?? "connection error",
        };

    /// <summary>Reads OpenAI's {"error":{...}} from an upstream error body, if it is one.</summary>
    private static (string? Message, string? Type, string? Param, string? Code) ReadUpstreamError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return default;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                    return (error.GetString(), null, null, null);
                if (error.ValueKind == JsonValueKind.Object)
                    return (Str(error, "message"), Str(error, "type"), Str(error, "param"), Str(error, "code"));
            }
        }
        catch (JsonException)
        {
        }
        return (body.Length > 500 ? body[..500] : body, null, null, null);
    }

    /// <summary>A property as text (numbers as written), or null.</summary>
    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
