using System.Diagnostics;
using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// POST /v1/chat/completions: parse, translate to the neutral exchange once, run it through the kernel (falling back to
/// the alias's fallbacks while nothing was sent), answer as JSON or as a stream.
/// </summary>
public sealed class ChatCompletionsEndpoint(ModelCatalog catalog, ChatKernel kernel, ILogger<ChatCompletionsEndpoint> logger)
{
    /// <summary>The front door's name in captures.</summary>
    public const string FrontDoor = "chat";

    /// <summary>Response header naming the alias that actually answered (differs from "model" after a fallback).</summary>
    public const string ServedByHeader = "X-PromptCapture-Served-By";

    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Handles one request; every failure becomes an OpenAI-shaped error, never an unhandled exception.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var startedUtc = DateTimeOffset.UtcNow;
        var aborted = context.RequestAborted;
        var upstreamHeaders = UpstreamHeaders.Begin();
        try
        {
            var request = await RequestReader.ReadAsync(context.Request, aborted).ConfigureAwait(false);
            // Read once: the whole request, fallbacks included, runs on the configuration it started with.
            var registry = catalog.Current;
            if (!registry.TryResolve(request.Model, out var asked))
                throw new ModelNotFoundException(request.Model!);
            var id = CompletionId.New();
            var stream = request.Stream == true;
            var exchange = ChatExchangeBuilder.Build(request, ClientDetails.Of(context, FrontDoor, stream, id), startedUtc, startTimestamp);
            var includeUsage = request.StreamOptions?.IncludeUsage == true;
            await FallbackLoop.RunAsync(registry.Candidates(asked), context, logger, route => stream
                ? StreamAsync(context, route, exchange, id, asked.Alias, includeUsage)
                : CompleteAsync(context, route, exchange, id, asked.Alias)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the capture filter has recorded what there was.
        }
        catch (Exception error)
        {
            ClientDetails.RelayUpstreamHeaders(context, upstreamHeaders);
            await FailureAnswer.WriteAsync(context, error, logger, FrontDoor, ErrorResponses.WriteAsync).ConfigureAwait(false);
        }
    }

    /// <summary>Non-streaming: one call, one JSON body; "model" is the alias the client asked for.</summary>
    private async Task CompleteAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, string id, string askedAlias)
    {
        var answer = await kernel.CompleteAsync(route, exchange, context.RequestAborted).ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        var response = ResponseTranslator.ToWire(answer, id, askedAlias);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers[ServedByHeader] = route.Alias;
        await JsonResponse.WriteAsync(context, response, ChatJson.Context.ChatCompletionResponse).ConfigureAwait(false);
    }

    /// <summary>
    /// Streaming: the first upstream update is awaited before the headers go out, so a failure before any byte becomes a
    /// normal error status (or a fallback); after that, each delta is written and flushed as it arrives, and a failure
    /// becomes an error event with no [DONE] and no invented finish_reason.
    /// </summary>
    private async Task StreamAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, string id, string askedAlias, bool includeUsage)
    {
        var translator = new ChunkTranslator(id, askedAlias, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await using var updates = kernel.StreamAsync(route, exchange, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        var hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        context.Response.Headers[ServedByHeader] = route.Alias;
        var sse = new SseWriter(context, ChatJson.Context.Options);
        try
        {
            while (hasUpdate)
            {
                if (translator.Translate(updates.Current) is { } chunk)
                    await sse.WriteDataAsync(chunk, ChatJson.Context.ChatCompletionChunk).ConfigureAwait(false);
                hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            FrontDoorLog.Failure(logger, error, FrontDoor);
            await sse.WriteErrorAsync(null, ErrorResponses.For(error).Body, WireJson.Context.OpenAIErrorEnvelope).ConfigureAwait(false);
            return;
        }
        if (includeUsage && translator.UsageChunk() is { } usage)
            await sse.WriteDataAsync(usage, ChatJson.Context.ChatCompletionChunk).ConfigureAwait(false);
        await sse.WriteRawAsync(Done).ConfigureAwait(false);
    }
}
