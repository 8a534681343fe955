using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.Ollama;

/// <summary>
/// POST /api/chat and POST /api/generate: Ollama's API in front of any provider SK can reach. Streams NDJSON unless
/// the client sends "stream": false; errors in Ollama's {"error": ...} shape.
/// </summary>
public sealed class OllamaEndpoint(ModelCatalog catalog, ChatKernel kernel, ILogger<OllamaEndpoint> logger)
{
    /// <summary>The front door's name in captures.</summary>
    public const string FrontDoor = "ollama";

    /// <summary>The content type of a streamed answer.</summary>
    public const string NdjsonType = "application/x-ndjson";

    /// <summary>The header that says which request fields were left out (generate's suffix), so the client can tell.</summary>
    public const string NoteHeader = "X-PromptCapture-Note";

    /// <summary>POST /api/chat.</summary>
    public Task ChatAsync(HttpContext context) => RunAsync(context, chat: true);

    /// <summary>POST /api/generate.</summary>
    public Task GenerateAsync(HttpContext context) => RunAsync(context, chat: false);

    /// <summary>Reads the request, then answers it through the fallback loop; every failure becomes an Ollama error.</summary>
    private async Task RunAsync(HttpContext context, bool chat)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var startedUtc = DateTimeOffset.UtcNow;
        var aborted = context.RequestAborted;
        var upstreamHeaders = UpstreamHeaders.Begin();
        try
        {
            var registry = catalog.Current;
            var id = $"ollama-{Guid.NewGuid():N}";
            string? model;
            bool stream, empty;
            ExchangeRequest exchange;
            ModelRoute asked;
            if (chat)
            {
                var request = await JsonBody.ReadAsync(context.Request, OllamaJson.Context.OllamaChatRequest, "a chat request", aborted).ConfigureAwait(false)
                    ?? throw new Errors.InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
                model = request.Model;
                asked = OllamaModelNames.Resolve(registry, model);
                stream = request.Stream != false;
                empty = request.Messages is not { Count: > 0 };
                exchange = OllamaExchangeBuilder.Chat(request, ClientDetails.Of(context, FrontDoor, stream, id), startedUtc, startTimestamp);
            }
            else
            {
                var request = await JsonBody.ReadAsync(context.Request, OllamaJson.Context.OllamaGenerateRequest, "a generate request", aborted).ConfigureAwait(false)
                    ?? throw new Errors.InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
                model = request.Model;
                asked = OllamaModelNames.Resolve(registry, model);
                stream = request.Stream != false;
                empty = string.IsNullOrEmpty(request.Prompt) && request.Images is not { Count: > 0 };
                if (!string.IsNullOrEmpty(request.Suffix))
                    context.Response.Headers[NoteHeader] = "suffix ignored: chat providers have no fill-in-the-middle; it is recorded in the capture";
                exchange = OllamaExchangeBuilder.Generate(request, ClientDetails.Of(context, FrontDoor, stream, id), startedUtc, startTimestamp);
            }
            var replies = new OllamaReplies(chat, model!, startTimestamp);
            if (empty)
            {
                // Ollama answers an empty request by loading the model: clients use it to warm up or probe a model.
                await WriteWholeAsync(context, replies.Final(null, whole: true, reason: "load"), stream).ConfigureAwait(false);
                return;
            }
            await FallbackLoop.RunAsync(registry.Candidates(asked), context, logger, route => stream
                ? StreamAsync(context, route, exchange, replies)
                : CompleteAsync(context, route, exchange, replies)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the capture filter has recorded what there was.
        }
        catch (Exception error)
        {
            ClientDetails.RelayUpstreamHeaders(context, upstreamHeaders);
            await FailureAnswer.WriteAsync(context, error, logger, FrontDoor, OllamaErrors.WriteAsync).ConfigureAwait(false);
        }
    }

    /// <summary>Non-streaming: one call, one object.</summary>
    private async Task CompleteAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, OllamaReplies replies)
    {
        var answer = await kernel.CompleteAsync(route, exchange, context.RequestAborted).ConfigureAwait(false);
        replies.FirstTimestamp = Stopwatch.GetTimestamp();
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
        await WriteWholeAsync(context, replies.Final(answer, whole: true), stream: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Streaming: the first upstream update is awaited before anything is sent (so an early failure is a normal error or
    /// a fallback); then a line per piece, the tool calls whole, the final object; an error line if the upstream breaks.
    /// </summary>
    private async Task StreamAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, OllamaReplies replies)
    {
        var aborted = context.RequestAborted;
        await using var updates = kernel.StreamAsync(route, exchange, aborted).GetAsyncEnumerator(aborted);
        var hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = NdjsonType;
        var answer = new AnswerBuilder();
        try
        {
            while (hasUpdate)
            {
                var update = updates.Current;
                answer.Add(update);
                if (!string.IsNullOrEmpty(update.Text) || !string.IsNullOrEmpty(update.Reasoning))
                {
                    if (replies.FirstTimestamp == 0)
                        replies.FirstTimestamp = Stopwatch.GetTimestamp();
                    await WriteLineAsync(context, replies.Piece(update.Text, string.IsNullOrEmpty(update.Reasoning) ? null : update.Reasoning)).ConfigureAwait(false);
                }
                hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            FrontDoorLog.Failure(logger, error, FrontDoor);
            await WriteLineAsync(context, OllamaErrors.For(error).Body).ConfigureAwait(false);
            return;
        }
        var whole = answer.Build();
        if (replies.Chat && whole.ToolCalls.Count > 0)
            await WriteLineAsync(context, replies.Calls(whole.ToolCalls)).ConfigureAwait(false);
        await WriteLineAsync(context, replies.Final(whole, whole: false)).ConfigureAwait(false);
    }

    /// <summary>A whole answer: one JSON object, or (streamed) one NDJSON line.</summary>
    private static async Task WriteWholeAsync(HttpContext context, object value, bool stream)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = stream ? NdjsonType : "application/json; charset=utf-8";
        await WriteLineAsync(context, value, newline: stream).ConfigureAwait(false);
    }

    /// <summary>Writes one object (and a newline) and flushes, so each line reaches the client as it is made.</summary>
    private static async Task WriteLineAsync(HttpContext context, object value, bool newline = true)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OllamaJson.Context.Options.Encoder }))
        {
            switch (value)
            {
                case OllamaChatChunk chunk:
                    JsonSerializer.Serialize(writer, chunk, OllamaJson.Context.OllamaChatChunk);
                    break;
                case OllamaGenerateChunk chunk:
                    JsonSerializer.Serialize(writer, chunk, OllamaJson.Context.OllamaGenerateChunk);
                    break;
                case OllamaError error:
                    JsonSerializer.Serialize(writer, error, OllamaJson.Context.OllamaError);
                    break;
                default:
                    throw new ArgumentException($"Not an Ollama object: {value.GetType().Name}", nameof(value));
            }
        }
        if (newline)
            buffer.Write("\n"u8);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
