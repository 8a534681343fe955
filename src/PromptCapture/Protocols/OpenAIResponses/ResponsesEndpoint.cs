using System.Diagnostics;
using System.Text.Json;
using PromptCapture.Capture;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// POST /v1/responses and GET /v1/responses/{id}: OpenAI's Responses API in front of any chat-completions provider.
/// The gateway keeps no session state; previous_response_id and GET read earlier exchanges back from the capture.
/// </summary>
public sealed class ResponsesEndpoint(ModelCatalog catalog, ChatKernel kernel, ICaptureHistory history, ILogger<ResponsesEndpoint> logger)
{
    /// <summary>The front door's name in captures.</summary>
    public const string FrontDoor = "responses";

    /// <summary>Response header naming hosted tools (web_search...) that were left out because a chat upstream cannot run them.</summary>
    public const string OmittedToolsHeader = "X-PromptCapture-Omitted-Tools";

    /// <summary>Handles one POST; every failure becomes an OpenAI-shaped error (or, mid-stream, a response.failed event).</summary>
    public async Task CreateAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var startedUtc = DateTimeOffset.UtcNow;
        var aborted = context.RequestAborted;
        var upstreamHeaders = UpstreamHeaders.Begin();
        try
        {
            var request = await JsonBody.ReadAsync(context.Request, ResponsesJson.Context.ResponsesRequest, "a response", aborted).ConfigureAwait(false)
                ?? throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
            // Read once: the whole request, fallbacks included, runs on the configuration it started with.
            var registry = catalog.Current;
            if (!registry.TryResolve(request.Model, out var asked))
                throw new ModelNotFoundException(request.Model!);
            var earlier = await EarlierMessagesAsync(request.PreviousResponseId, aborted).ConfigureAwait(false);
            var id = ResponseIds.New("resp");
            var stream = request.Stream == true;
            var (exchange, tools) = ResponsesExchangeBuilder.Build(request, earlier, ClientDetails.Of(context, FrontDoor, stream, id), startedUtc, startTimestamp);
            if (tools.Omitted.Count > 0)
                context.Response.Headers[OmittedToolsHeader] = string.Join(",", tools.Omitted);
            await FallbackLoop.RunAsync(registry.Candidates(asked), context, logger, route => stream
                ? StreamAsync(context, route, exchange, request, id, asked.Alias, tools.Map)
                : CompleteAsync(context, route, exchange, request, id, asked.Alias, tools.Map)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the capture filter has recorded what there was.
        }
        catch (Exception error)
        {
            ClientDetails.RelayUpstreamHeaders(context, upstreamHeaders);
            await FailAsync(context, error).ConfigureAwait(false);
        }
    }

    /// <summary>GET /v1/responses/{id}: a captured response, rebuilt from the capture database.</summary>
    public async Task GetAsync(HttpContext context, string id)
    {
        try
        {
            if (!history.Enabled)
                throw new ResourceNotFoundException($"No response with id '{id}': capture is off (--no-log or logs-off), so the gateway keeps no responses.", "id", "capture_off");
            var turn = await history.FindAsync(id, context.RequestAborted).ConfigureAwait(false)
                ?? throw new ResourceNotFoundException($"No response with id '{id}' was found in the capture database.", "id", "response_not_found");
            var output = CapturedOutput(turn.Output);
            var usage = turn.InputTokens is null && turn.OutputTokens is null ? null
                : ResponseFactory.Usage(new ExchangeUsage(turn.InputTokens ?? 0, turn.OutputTokens ?? 0, (turn.InputTokens ?? 0) + (turn.OutputTokens ?? 0)));
            var response = ResponseFactory.Create(null, id, turn.Model, turn.StartedUtc.ToUnixTimeSeconds(), "completed", output, usage);
            context.Response.ContentType = "application/json";
            await JsonResponse.WriteAsync(context, response, ResponsesJson.Context.ResponseObject).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            await FailAsync(context, error).ConfigureAwait(false);
        }
    }

    /// <summary>The conversation before a previous response, and that response's answer, from the capture.</summary>
    private async Task<IReadOnlyList<ExchangeMessage>> EarlierMessagesAsync(string? previousId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(previousId))
            return [];
        if (!history.Enabled)
            throw new InvalidRequestException("previous_response_id needs the capture database, and capture is off (--no-log or logs-off): send the whole input instead.",
                "previous_response_id", "capture_off");
        var turn = await history.FindAsync(previousId, cancellationToken).ConfigureAwait(false)
            ?? throw new ResourceNotFoundException($"Previous response with id '{previousId}' not found.", "previous_response_id", "previous_response_not_found");
        return turn.Output is null ? turn.Messages : [.. turn.Messages, turn.Output];
    }

    /// <summary>Non-streaming: one call, one response object.</summary>
    private async Task CompleteAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, ResponsesRequest request, string id, string alias, ToolMap tools)
    {
        var answer = await kernel.CompleteAsync(route, exchange, context.RequestAborted).ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        var (status, details) = ResponseFactory.Status(answer.FinishReason);
        var createdAt = (answer.Created ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var response = ResponseFactory.Create(request, id, alias, createdAt, status, ResponseFactory.Output(answer, tools), ResponseFactory.Usage(answer.Usage), incomplete: details);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
        await JsonResponse.WriteAsync(context, response, ResponsesJson.Context.ResponseObject).ConfigureAwait(false);
    }

    /// <summary>
    /// Streaming: the first upstream update is awaited before anything is sent (so an early failure is a normal error or
    /// a fallback); then the event sequence, each update's events flushed together; a failure ends with response.failed.
    /// </summary>
    private async Task StreamAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, ResponsesRequest request, string id, string alias, ToolMap tools)
    {
        var translator = new ResponseStreamTranslator(request, id, alias, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), tools);
        await using var updates = kernel.StreamAsync(route, exchange, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        var hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
        var sse = new SseWriter(context, ResponsesJson.Context.Options);
        try
        {
            await WriteAsync(sse, translator.Start()).ConfigureAwait(false);
            while (hasUpdate)
            {
                await WriteAsync(sse, translator.Translate(updates.Current)).ConfigureAwait(false);
                hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            FrontDoorLog.Failure(logger, error, FrontDoor);
            var envelope = ErrorResponses.For(error).Body.Error;
            var failed = translator.Failed(envelope.Code ?? envelope.Type, envelope.Message);
            await sse.WriteErrorAsync(failed.Type, failed, ResponsesJson.Context.ResponseEvent).ConfigureAwait(false);
            return;
        }
        await WriteAsync(sse, translator.Finish()).ConfigureAwait(false);
    }

    /// <summary>Writes a batch of events, flushing once at the end.</summary>
    private static async Task WriteAsync(SseWriter sse, IReadOnlyList<ResponseEvent> events)
    {
        if (events.Count == 0)
            return;
        for (var i = 0; i < events.Count; i++)
            sse.Buffer(events[i].Type, events[i], ResponsesJson.Context.ResponseEvent);
        await sse.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Output items of a captured answer (reasoning, message, function calls as they were recorded).</summary>
    private static List<OutputItem> CapturedOutput(ExchangeMessage? output)
    {
        if (output is null)
            return [];
        var answer = new AnswerBuilder();
        for (var i = 0; i < output.Parts.Count; i++)
        {
            var part = output.Parts[i];
            answer.Add(part.Kind switch
            {
                ExchangePartKind.Reasoning => new ExchangeUpdate { Reasoning = part.Text },
                ExchangePartKind.Text => new ExchangeUpdate { Text = part.Text },
                ExchangePartKind.ToolCall => new ExchangeUpdate { ToolCalls = [new ExchangeToolCallDelta(i, part.ToolCallId, part.ToolName, part.Arguments)] },
                _ => new ExchangeUpdate(),
            });
        }
        return ResponseFactory.Output(answer.Build(), ToolMap.None);
    }

    /// <summary>Logs a failure and answers it in OpenAI's shape (quietly when the client has left).</summary>
    private Task FailAsync(HttpContext context, Exception error)
        => FailureAnswer.WriteAsync(context, error, logger, FrontDoor, ErrorResponses.WriteAsync);
}
