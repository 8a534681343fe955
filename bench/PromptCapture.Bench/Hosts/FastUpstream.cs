using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace PromptCapture.Bench.Hosts;

/// <summary>
/// An OpenAI-compatible upstream that answers POST /v1/chat/completions at once with precomputed bytes (JSON, or
/// SSE when the body says "stream": true), so what the benchmark sees is the cost of what sits in front of it.
/// </summary>
internal sealed class FastUpstream : IAsyncDisposable
{
    /// <summary>The Kestrel app; no routing middleware, one terminal delegate.</summary>
    private readonly WebApplication _app;

    /// <summary>Builds the app on a free loopback port; <see cref="StartAsync"/> starts it.</summary>
    private FastUpstream()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>Root URL, e.g. http://127.0.0.1:5555.</summary>
    public string RootUrl { get; private set; } = "";

    /// <summary>Starts an upstream and returns it once it listens.</summary>
    public static async Task<FastUpstream> StartAsync()
    {
        var upstream = new FastUpstream();
        await upstream._app.StartAsync();
        upstream.RootUrl = upstream._app.Urls.First();
        return upstream;
    }

    /// <summary>Stops the server.</summary>
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Reads the whole body, then answers as JSON or as a stream; anything else is a 404.</summary>
    private static async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/v1/chat/completions")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var stream = await WantsStreamAsync(context.Request.BodyReader, context.RequestAborted);
        var response = context.Response;
        if (!stream)
        {
            response.ContentType = "application/json";
            response.ContentLength = UpstreamReplies.Completion.Length;
            await response.BodyWriter.WriteAsync(UpstreamReplies.Completion, context.RequestAborted);
            return;
        }
        response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        foreach (var item in UpstreamReplies.StreamEvents)
            await response.BodyWriter.WriteAsync(item, context.RequestAborted); // PipeWriter.WriteAsync flushes each event
    }

    /// <summary>Drains the request body and reports whether its top-level "stream" is true.</summary>
    private static async Task<bool> WantsStreamAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            if (read.IsCompleted)
            {
                var stream = IsStreaming(read.Buffer);
                body.AdvanceTo(read.Buffer.End);
                return stream;
            }
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>Scans the JSON for a top-level "stream": true without building a document.</summary>
    private static bool IsStreaming(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("stream"u8))
                return reader.Read() && reader.TokenType == JsonTokenType.True;
        }
        return false;
    }
}
