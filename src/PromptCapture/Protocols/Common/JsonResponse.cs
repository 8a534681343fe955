using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptCapture.Protocols.Common;

/// <summary>
/// Writes a whole JSON answer in one piece: serialized synchronously into the thread's reused buffer, sent with its
/// Content-Length (no chunked framing) in a single write. Cheaper than serializing asynchronously into the body stream
/// for the small answers front doors give, and clients see the length up front.
/// </summary>
public static class JsonResponse
{
    /// <summary>A thread's buffer grown past this (a huge answer) is let go after use rather than kept.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    /// <summary>The calling thread's buffer: filled and copied to the response before the first await.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The JSON writer over <see cref="t_buffer"/>, reset per answer.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes <paramref name="value"/> as the response body (status and content type are the caller's).</summary>
    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null || writer.Options.Encoder != type.Options.Encoder || writer.Options.Indented != type.Options.WriteIndented)
        {
            // The writer lays the text out (escaping, indentation), so it takes those from the type's options.
            writer = t_writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
            {
                Encoder = type.Options.Encoder, Indented = type.Options.WriteIndented, MaxDepth = type.Options.MaxDepth, SkipValidation = true,
            });
        }
        writer.Reset(buffer);
        try
        {
            JsonSerializer.Serialize(writer, value, type);
            writer.Flush();
            context.Response.ContentLength = buffer.WrittenCount;
            // Copied into the response's own pipe here, so the thread's buffer is free again before any await.
            var body = context.Response.BodyWriter;
            body.Write(buffer.WrittenSpan);
            return body.FlushAsync(context.RequestAborted).AsTask();
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }
}
