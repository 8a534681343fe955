using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PromptCapture.Errors;

namespace PromptCapture.Protocols.Common;

/// <summary>
/// Reads a JSON request body for any front door: pooled buffer, UTF-8 checked once, the size limit enforced, and every
/// kind of malformed input turned into a 400 that names the field.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// Parses the body as <typeparamref name="T"/>; <paramref name="what"/> names the request kind in messages ("a chat
    /// completion"). Throws <see cref="InvalidRequestException"/> or <see cref="RequestTooLargeException"/>; null for JSON null.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken)
    {
        // The Content-Type is not checked: `curl -d` sends form-urlencoded by default, and the body says what it is.
        // gzip, br and deflate were decoded (and their header removed) by the decompression middleware; anything left is not.
        if (request.Headers.ContentEncoding is { Count: > 0 } encoding && !encoding.All(e => string.Equals(e, "identity", StringComparison.OrdinalIgnoreCase)))
            throw new UnsupportedEncodingException($"Content-Encoding '{encoding}' is not supported: send the body plain or as gzip, br or deflate.");
        byte[]? buffer = null;
        try
        {
            (buffer, var length) = await ReadAllAsync(request, cancellationToken).ConfigureAwait(false);
            var bytes = buffer.AsSpan(0, length);
            // Checked once up front (vectorised), so no string deep inside the body can fail to decode later.
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
                throw new InvalidRequestException("The request body is not valid UTF-8.", null, "invalid_encoding");
            LoneSurrogates.ThrowIfAny(bytes);
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException ex)
        {
            var param = Param(ex.Path);
            var where = param is null ? "" : $" at '{param}'";
            throw new InvalidRequestException($"The request body is not valid JSON for {what}{where}: {Reason(ex)}", param, "invalid_json");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new RequestTooLargeException("The request body is larger than the gateway's limit (serve --max-body-mb).");
        }
        catch (BadHttpRequestException ex)
        {
            throw new InvalidRequestException($"The request body could not be read: {ex.Message}", null, "invalid_body");
        }
        finally
        {
            if (buffer is not null)
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the whole body into a pooled buffer (sized from Content-Length when given); Kestrel enforces the size limit.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        // The declared length is only a hint (a client can claim anything): start at most 1 MB and grow as bytes arrive.
        var buffer = pool.Rent((int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1024, 1024 * 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return (buffer, length);
                length += read;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
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
