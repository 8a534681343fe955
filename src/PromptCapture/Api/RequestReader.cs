using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PromptCapture.Errors;

namespace PromptCapture.Api;

/// <summary>Reads and checks the JSON body of a chat request, turning every kind of malformed input into a 400 that names the field.</summary>
public static class RequestReader
{
    /// <summary>Parses the body; throws <see cref="InvalidRequestException"/> or <see cref="RequestTooLargeException"/>.</summary>
    public static async Task<ChatCompletionRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new InvalidRequestException($"Content-Type '{type}' is not supported; send the body as application/json.", null, "invalid_content_type");
        ChatCompletionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, WireJson.Context.ChatCompletionRequest, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            var param = Param(ex.Path);
            var where = param is null ? "" : $" at '{param}'";
            throw new InvalidRequestException($"The request body is not valid JSON for a chat completion{where}: {Reason(ex)}", param, "invalid_json");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new RequestTooLargeException("The request body is larger than the gateway's limit (serve --max-body-mb).");
        }
        catch (BadHttpRequestException ex)
        {
            throw new InvalidRequestException($"The request body could not be read: {ex.Message}", null, "invalid_body");
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidRequestException("The request body is not valid UTF-8.", null, "invalid_encoding");
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            throw new InvalidRequestException("The request body is not valid UTF-8.", null, "invalid_encoding");
        }
        if (body is null)
            throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
        if (body.Messages is null)
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        if (body.Messages.Count == 0)
            throw new InvalidRequestException("'messages' must hold at least one message.", "messages", "empty_array");
        return body;
    }

    /// <summary>Turns System.Text.Json's "$.messages[0].role" into OpenAI's "messages[0].role".</summary>
    private static string? Param(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return null;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>A short reason without the parser's internal type names.</summary>
    private static string Reason(JsonException ex)
    {
        if (ex.InnerException is InvalidOperationException or FormatException or OverflowException)
            return "a value has the wrong type or is out of range.";
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut < 0 ? message : message[..cut];
        return message.Contains("could not be converted", StringComparison.Ordinal) ? "a value has the wrong type or is out of range." : message;
    }
}
