using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Writes server-sent events straight into the response pipe, flushing each event so no chunk waits.</summary>
public sealed class SseWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Starts the event stream: status 200, text/event-stream, no buffering.</summary>
    public SseWriter(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        _pipe = response.BodyWriter;
        _json = new Utf8JsonWriter((IBufferWriter<byte>)_pipe, new JsonWriterOptions { Encoder = WireJson.Context.Options.Encoder, SkipValidation = true });
        _cancellationToken = context.RequestAborted;
    }

    /// <summary>Writes one chunk event and flushes it to the client.</summary>
    public ValueTask<FlushResult> WriteChunkAsync(ChatCompletionChunk chunk) =>
        WriteEventAsync(chunk, WireJson.Context.ChatCompletionChunk, _cancellationToken);

    /// <summary>Writes an OpenAI-style error event (the stream then ends without [DONE]); flushed even if the client is leaving.</summary>
    public ValueTask<FlushResult> WriteErrorAsync(OpenAIErrorEnvelope error) =>
        WriteEventAsync(error, WireJson.Context.OpenAIErrorEnvelope, CancellationToken.None);

    /// <summary>Serialises one value straight into the pipe as a "data:" event and flushes it.</summary>
    private ValueTask<FlushResult> WriteEventAsync<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        _pipe.Write(DataPrefix);
        _json.Reset();
        JsonSerializer.Serialize(_json, value, type);
        _json.Flush();
        _pipe.Write(EventEnd);
        return _pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the closing [DONE] marker.</summary>
    public ValueTask<FlushResult> WriteDoneAsync()
    {
        _pipe.Write(Done);
        return _pipe.FlushAsync(_cancellationToken);
    }
}
