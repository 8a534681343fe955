using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace PromptCapture.Protocols.Common;

/// <summary>
/// Writes server-sent events straight into the response pipe, flushing each event so no chunk waits: "data:" events for
/// OpenAI-style streams, named events for the Responses and Messages protocols.
/// </summary>
public sealed class SseWriter
{
    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] LineEnd = "\n"u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Starts the event stream: status 200, text/event-stream, no buffering.</summary>
    public SseWriter(HttpContext context, JsonSerializerOptions options)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        _pipe = response.BodyWriter;
        _json = new Utf8JsonWriter((IBufferWriter<byte>)_pipe, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        _cancellationToken = context.RequestAborted;
    }

    /// <summary>Writes one "data:" event and flushes it.</summary>
    public ValueTask<FlushResult> WriteDataAsync<T>(T value, JsonTypeInfo<T> type) => WriteAsync(null, value, type, _cancellationToken);

    /// <summary>Writes one named event ("event: name" then "data: json") and flushes it.</summary>
    public ValueTask<FlushResult> WriteEventAsync<T>(string name, T value, JsonTypeInfo<T> type) => WriteAsync(name, value, type, _cancellationToken);

    /// <summary>Writes a closing error event, flushed even if the client is leaving (the stream then ends).</summary>
    public ValueTask<FlushResult> WriteErrorAsync<T>(string? name, T value, JsonTypeInfo<T> type) => WriteAsync(name, value, type, CancellationToken.None);

    /// <summary>Writes bytes that are already a whole event (e.g. "data: [DONE]\n\n") and flushes them.</summary>
    public ValueTask<FlushResult> WriteRawAsync(ReadOnlySpan<byte> whole)
    {
        _pipe.Write(whole);
        return _pipe.FlushAsync(_cancellationToken);
    }

    /// <summary>Writes one named event without flushing, so several events of one update leave in one write.</summary>
    public void Buffer<T>(string name, T value, JsonTypeInfo<T> type) => Append(name, value, type);

    /// <summary>Flushes what <see cref="Buffer{T}"/> wrote.</summary>
    public ValueTask<FlushResult> FlushAsync() => _pipe.FlushAsync(_cancellationToken);

    /// <summary>Serialises one value straight into the pipe as an event and flushes it.</summary>
    private ValueTask<FlushResult> WriteAsync<T>(string? name, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        Append(name, value, type);
        return _pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Serialises one value into the pipe as an event ("event:" line when named, then "data:").</summary>
    private void Append<T>(string? name, T value, JsonTypeInfo<T> type)
    {
        if (name is not null)
        {
            _pipe.Write(EventPrefix);
            var bytes = _pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(name.Length));
            _pipe.Advance(Encoding.UTF8.GetBytes(name, bytes));
            _pipe.Write(LineEnd);
        }
        _pipe.Write(DataPrefix);
        _json.Reset();
        JsonSerializer.Serialize(_json, value, type);
        _json.Flush();
        _pipe.Write(EventEnd);
    }
}
