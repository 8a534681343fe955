using System.Diagnostics;
using System.Text.Json;
using PromptCapture.Capture;
using PromptCapture.Errors;
using PromptCapture.Providers;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// POST /v1/chat/completions: parse, route by alias (falling back to the alias's fallbacks while nothing was sent),
/// run through the kernel, answer as JSON or as a stream.
/// </summary>
public sealed class ChatCompletionsEndpoint(ModelRegistry registry, ChatKernel kernel, ILogger<ChatCompletionsEndpoint> logger)
{
    /// <summary>Response header naming the alias that actually answered (differs from "model" after a fallback).</summary>
    public const string ServedByHeader = "X-PromptCapture-Served-By";

    /// <summary>Handles one request; every failure becomes an OpenAI-shaped error, never an unhandled exception.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var startedUtc = DateTimeOffset.UtcNow;
        var aborted = context.RequestAborted;
        try
        {
            var request = await RequestReader.ReadAsync(context.Request, aborted).ConfigureAwait(false);
            if (!registry.TryResolve(request.Model, out var asked))
                throw new ModelNotFoundException(request.Model!);
            var id = CompletionId.New();
            var stream = request.Stream == true;
            var client = new ClientInfo(
                context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
                context.Connection.RemoteIpAddress?.ToString(), stream, 0, id);
            var candidates = registry.Candidates(asked);
            for (var i = 0; ; i++)
            {
                var route = candidates[i];
                try
                {
                    if (route.Service is null)
                        throw new MissingApiKeyException(route.Provider, route.ApiKeyEnv!);
                    var invocation = InvocationBuilder.Build(request, route, client, startedUtc, startTimestamp);
                    if (stream)
                        await StreamAsync(context, invocation, id, asked.Alias, request.StreamOptions?.IncludeUsage == true).ConfigureAwait(false);
                    else
                        await CompleteAsync(context, invocation, id, asked.Alias).ConfigureAwait(false);
                    return;
                }
                catch (Exception error) when (i + 1 < candidates.Count && !context.Response.HasStarted && FallbackPolicy.ShouldFallBack(error))
                {
                    logger.LogWarning("Alias '{Alias}' failed ({Message}); falling back to '{Next}'.", route.Alias, error.Message, candidates[i + 1].Alias);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the capture filter has recorded what there was.
        }
        catch (Exception error)
        {
            LogFailure(error);
            try
            {
                await ErrorResponses.WriteAsync(context, error).ConfigureAwait(false);
            }
            catch (Exception writeError) when (writeError is OperationCanceledException or IOException)
            {
                logger.LogDebug("The client left before the error could be written.");
            }
        }
    }

    /// <summary>Non-streaming: one call, one JSON body; "model" is the alias the client asked for.</summary>
    private async Task CompleteAsync(HttpContext context, ChatInvocation invocation, string id, string askedAlias)
    {
        var result = await kernel.CompleteAsync(invocation, context.RequestAborted).ConfigureAwait(false);
        var response = ResponseTranslator.ToWire(result, id, askedAlias);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers[ServedByHeader] = invocation.Route.Alias;
        await JsonSerializer.SerializeAsync(context.Response.Body, response, WireJson.Context.ChatCompletionResponse, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Streaming: the first upstream item is awaited before the headers go out, so a failure before any byte becomes a
    /// normal error status (or a fallback); after that, each delta is written and flushed as it arrives, and a failure
    /// becomes an error event with no [DONE] and no invented finish_reason.
    /// </summary>
    private async Task StreamAsync(HttpContext context, ChatInvocation invocation, string id, string askedAlias, bool includeUsage)
    {
        var translator = new ChunkTranslator(id, askedAlias, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await using var items = kernel.StreamAsync(invocation, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        var hasItem = await items.MoveNextAsync().ConfigureAwait(false);
        context.Response.Headers[ServedByHeader] = invocation.Route.Alias;
        var sse = new SseWriter(context);
        try
        {
            while (hasItem)
            {
                if (translator.Translate(items.Current) is { } chunk)
                    await sse.WriteChunkAsync(chunk).ConfigureAwait(false);
                hasItem = await items.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogFailure(error);
            await sse.WriteErrorAsync(ErrorResponses.For(error).Body).ConfigureAwait(false);
            return;
        }
        if (includeUsage && translator.UsageChunk() is { } usage)
            await sse.WriteChunkAsync(usage).ConfigureAwait(false);
        await sse.WriteDoneAsync().ConfigureAwait(false);
    }

    /// <summary>Logs a failure: client mistakes at debug, upstream trouble as a warning, anything else as an error.</summary>
    private void LogFailure(Exception error)
    {
        switch (error)
        {
            case InvalidRequestException or ModelNotFoundException or RequestTooLargeException:
                logger.LogDebug("Rejected request: {Message}", error.Message);
                break;
            case GatewayException:
                logger.LogWarning("Request failed: {Message}", error.Message);
                break;
            default:
                logger.LogError(error, "Unexpected failure while handling a chat request");
                break;
        }
    }
}
