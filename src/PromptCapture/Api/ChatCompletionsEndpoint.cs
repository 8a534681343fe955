using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PromptCapture.Capture;
using PromptCapture.Errors;
using PromptCapture.Providers;
using PromptCapture.Translation;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Api;

/// <summary>POST /v1/chat/completions: parse, route by alias, run through the kernel, answer as JSON or as a stream.</summary>
public sealed class ChatCompletionsEndpoint(ModelRegistry registry, ChatKernel kernel, ILogger<ChatCompletionsEndpoint> logger)
{
    /// <summary>Handles one request; every failure becomes an OpenAI-shaped error, never an unhandled exception.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var startedUtc = DateTimeOffset.UtcNow;
        var aborted = context.RequestAborted;
        try
        {
            var request = await RequestReader.ReadAsync(context.Request, aborted).ConfigureAwait(false);
            if (!registry.TryResolve(request.Model, out var route))
                throw new ModelNotFoundException(request.Model!);
            if (route.Service is null)
                throw new MissingApiKeyException(route.Provider, route.ApiKeyEnv!);
            var id = CompletionId.New();
            var stream = request.Stream == true;
            var client = new ClientInfo(
                context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
                context.Connection.RemoteIpAddress?.ToString(), stream, 0, id);
            var invocation = InvocationBuilder.Build(request, route, client, startedUtc, startTimestamp);
            if (stream)
                await StreamAsync(context, invocation, id, request.StreamOptions?.IncludeUsage == true).ConfigureAwait(false);
            else
                await CompleteAsync(context, invocation, id).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the capture filter has recorded what there was.
        }
        catch (Exception error)
        {
            LogFailure(error);
            await ErrorResponses.WriteAsync(context, error).ConfigureAwait(false);
        }
    }

    /// <summary>Non-streaming: one call, one JSON body.</summary>
    private async Task CompleteAsync(HttpContext context, ChatInvocation invocation, string id)
    {
        var result = await kernel.CompleteAsync(invocation, context.RequestAborted).ConfigureAwait(false);
        var response = ResponseTranslator.ToWire(result, id, invocation.Route.Alias);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, response, WireJson.Context.ChatCompletionResponse, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Streaming: the first upstream item is awaited before the headers go out, so a failure before any byte becomes a
    /// normal error status; after that, each delta is written and flushed as it arrives, and a failure becomes an error event.
    /// </summary>
    private async Task StreamAsync(HttpContext context, ChatInvocation invocation, string id, bool includeUsage)
    {
        var translator = new ChunkTranslator(id, invocation.Route.Alias, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await using var items = kernel.StreamAsync(invocation, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        var hasItem = await items.MoveNextAsync().ConfigureAwait(false);
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
