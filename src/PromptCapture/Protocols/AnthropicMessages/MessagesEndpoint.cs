using System.Diagnostics;
using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// POST /v1/messages: Anthropic's Messages API (what Claude Code and Anthropic's SDKs speak) in front of any provider
/// SK can reach; answers, streams and errors in Anthropic's shapes.
/// </summary>
public sealed class MessagesEndpoint(ModelCatalog catalog, ChatKernel kernel, ILogger<MessagesEndpoint> logger)
{
    /// <summary>The front door's name in captures.</summary>
    public const string FrontDoor = "messages";

    /// <summary>The header Claude Code names its session with; recorded as the request's session id.</summary>
    public const string SessionHeader = "X-Claude-Code-Session-Id";

    /// <summary>How long a stream may sit without an event before a ping keeps the connection (and its proxies) awake.</summary>
    public static TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Handles one POST; every failure becomes an Anthropic-shaped error (or, mid-stream, an error event).</summary>
    public async Task CreateAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var startedUtc = DateTimeOffset.UtcNow;
        var aborted = context.RequestAborted;
        var upstreamHeaders = UpstreamHeaders.Begin();
        try
        {
            var request = await ReadAsync(context).ConfigureAwait(false);
            // Read once: the whole request, fallbacks included, runs on the configuration it started with.
            var registry = catalog.Current;
            var asked = Resolve(registry, request.Model);
            var id = MessageFactory.NewId("msg");
            var stream = request.Stream == true;
            var candidates = registry.Candidates(asked);
            var exchange = MessagesExchangeBuilder.Build(request, Client(context, stream, id), startedUtc, startTimestamp);
            // The client's own body is kept only when some candidate speaks Anthropic natively.
            if (candidates.Any(r => r.Service is IPassThroughService native && native.Accepts(ExchangePassThrough.AnthropicMessages)))
                exchange = exchange with { PassThrough = PassThrough(context, request) };
            await FallbackLoop.RunAsync(candidates, context, logger, route => stream
                ? StreamAsync(context, route, exchange, id, asked.Alias)
                : CompleteAsync(context, route, exchange, id, asked.Alias)).ConfigureAwait(false);
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

    /// <summary>
    /// POST /v1/messages/count_tokens: {"input_tokens": n} for the request as /v1/messages would send it, estimated with
    /// a real tokenizer (<see cref="TokenEstimate"/>); nothing goes upstream and nothing is captured.
    /// </summary>
    public async Task CountTokensAsync(HttpContext context)
    {
        try
        {
            var request = await ReadAsync(context).ConfigureAwait(false);
            var route = Resolve(catalog.Current, request.Model);
            var messages = ContentTranslator.Translate(request.System, request.Messages);
            var tools = ToolTranslator.Translate(request.Tools);
            var passThrough = PassThrough(context, request);
            long? counted = route.Service is IPassThroughService native && native.Accepts(passThrough.Protocol)
                ? await CountNativeAsync(native, passThrough, route, context.RequestAborted).ConfigureAwait(false)
                : null;
            var count = new TokenCount { InputTokens = counted ?? TokenEstimate.Count(messages, tools.Captured) };
            context.Response.ContentType = "application/json";
            await JsonResponse.WriteAsync(context, count, MessagesJson.Context.TokenCount).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            await FailAsync(context, error).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The upstream's own count, its failures translated like any upstream call's; null when the upstream cannot count
    /// (an Anthropic-compatible server without count_tokens answers 404 or 405, or fails), so the estimate answers instead.
    /// </summary>
    private async Task<long?> CountNativeAsync(IPassThroughService native, ExchangePassThrough body, ModelRoute route, CancellationToken cancellationToken)
    {
        try
        {
            return await native.CountTokensAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var translated = UpstreamErrorTranslator.Translate(error, route, cancellationToken);
            if (translated is UpstreamErrorException { Status: 404 or 405 } or UpstreamUnavailableException)
            {
                FrontDoorLog.CountFellBack(logger, route.Alias, translated.Message);
                return null;
            }
            throw translated;
        }
    }

    /// <summary>
    /// The client's request as it came, for an anthropic provider: every top-level field (unknown ones too) and the
    /// anthropic-version and anthropic-beta headers.
    /// </summary>
    private static ExchangePassThrough PassThrough(HttpContext context, MessagesRequest request)
    {
        var element = JsonSerializer.SerializeToElement(request, MessagesJson.Context.MessagesRequest);
        var body = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            body[property.Name] = property.Value;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in ForwardedHeaders)
        {
            if (context.Request.Headers[name].ToString() is { Length: > 0 } value)
                headers[name] = value;
        }
        return new ExchangePassThrough(ExchangePassThrough.AnthropicMessages, body, headers);
    }

    /// <summary>Headers a native Anthropic provider receives as the client sent them.</summary>
    private static readonly string[] ForwardedHeaders = ["anthropic-version", "anthropic-beta"];

    /// <summary>Reads and checks the body (a JSON object naming a model).</summary>
    internal static async Task<MessagesRequest> ReadAsync(HttpContext context)
    {
        var request = await JsonBody.ReadAsync(context.Request, MessagesJson.Context.MessagesRequest, "a message", context.RequestAborted).ConfigureAwait(false)
            ?? throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
        if (string.IsNullOrEmpty(request.Model))
            throw new InvalidRequestException("model: Field required.", "model", "missing_required_parameter");
        return request;
    }

    /// <summary>The route of an alias; an unknown one is a 404 naming it.</summary>
    internal static ModelRoute Resolve(ModelRegistry registry, string? model) =>
        registry.TryResolve(model, out var route) ? route : throw new ModelNotFoundException(model!);

    /// <summary>Who asked, with Claude Code's session id when it sent one.</summary>
    private static ExchangeClient Client(HttpContext context, bool stream, string id) =>
        ClientDetails.Of(context, FrontDoor, stream, id, context.Request.Headers[SessionHeader].ToString() is { Length: > 0 } session ? session : null);

    /// <summary>Non-streaming: one call, one message.</summary>
    private async Task CompleteAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, string id, string alias)
    {
        var answer = await kernel.CompleteAsync(route, exchange, context.RequestAborted).ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
        if (answer.NativeJson is { } native)
        {
            // Anthropic's own message, thinking signatures and all; only the id and model are the gateway's.
            await context.Response.WriteAsync(Rewrite(native, id, alias), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await JsonResponse.WriteAsync(context, MessageFactory.Create(id, alias, answer), MessagesJson.Context.MessageObject).ConfigureAwait(false);
    }

    /// <summary>
    /// Streaming: the first upstream update is awaited before anything is sent (so an early failure is a normal error or
    /// a fallback); then the events of each update flushed together, pings while the upstream is silent, and an error
    /// event if the upstream fails after that.
    /// </summary>
    private async Task StreamAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, string id, string alias)
    {
        var translator = new MessagesStreamTranslator(id, alias);
        var aborted = context.RequestAborted;
        await using var updates = kernel.StreamAsync(route, exchange, aborted).GetAsyncEnumerator(aborted);
        var hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
        var sse = new SseWriter(context, MessagesJson.Context.Options);
        // A native Anthropic upstream's events are relayed as they came (only message_start's id and model rewritten).
        var native = hasUpdate && updates.Current.Native is not null;
        try
        {
            if (!native)
                await WriteAsync(sse, translator.Start()).ConfigureAwait(false);
            while (hasUpdate)
            {
                if (updates.Current.Native is var (name, json))
                    await sse.WriteRawAsync(NativeEvent(name, name == "message_start" ? Rewrite(json, id, alias) : json)).ConfigureAwait(false);
                else
                    await WriteAsync(sse, translator.Translate(updates.Current)).ConfigureAwait(false);
                hasUpdate = await NextAsync(updates, sse, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            FrontDoorLog.Failure(logger, error, FrontDoor);
            var (_, body) = MessagesErrors.For(error);
            await sse.WriteErrorAsync(body.Name, (MessagesEvent)body, MessagesJson.Context.MessagesEvent).ConfigureAwait(false);
            return;
        }
        if (!native)
            await WriteAsync(sse, translator.Finish()).ConfigureAwait(false);
    }

    /// <summary>One SSE event from a name and its JSON text.</summary>
    private static byte[] NativeEvent(string name, string json) => System.Text.Encoding.UTF8.GetBytes($"event: {name}\ndata: {json}\n\n");

    /// <summary>
    /// An Anthropic message (or message_start event) with the gateway's id and the alias as model, so the client sees
    /// the same ids whichever provider served it.
    /// </summary>
    private static string Rewrite(string json, string id, string alias)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json);
        var message = node?["message"] as System.Text.Json.Nodes.JsonObject ?? node as System.Text.Json.Nodes.JsonObject;
        if (message is null)
            return json;
        message["id"] = id;
        message["model"] = alias;
        return node!.ToJsonString(RelayOptions);
    }

    /// <summary>Writes relayed JSON with non-ASCII text kept as UTF-8, as the rest of the wire JSON is.</summary>
    private static readonly JsonSerializerOptions RelayOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The next update; while the upstream is silent for a ping interval, a ping goes out.</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<ExchangeUpdate> updates, SseWriter sse, CancellationToken cancellationToken)
    {
        var next = updates.MoveNextAsync();
        if (next.IsCompleted)
            return await next.ConfigureAwait(false);
        var pending = next.AsTask();
        while (true)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(PingInterval, quiet.Token);
            if (await Task.WhenAny(pending, delay).ConfigureAwait(false) == pending)
            {
                await quiet.CancelAsync().ConfigureAwait(false);
                return await pending.ConfigureAwait(false);
            }
            if (cancellationToken.IsCancellationRequested)
                return await pending.ConfigureAwait(false);
            await sse.WriteEventAsync(PingEvent.Instance.Name, (MessagesEvent)PingEvent.Instance, MessagesJson.Context.MessagesEvent).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a batch of events, flushing once at the end.</summary>
    private static async Task WriteAsync(SseWriter sse, IReadOnlyList<MessagesEvent> events)
    {
        if (events.Count == 0)
            return;
        for (var i = 0; i < events.Count; i++)
            sse.Buffer(events[i].Name, events[i], MessagesJson.Context.MessagesEvent);
        await sse.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Logs a failure and answers it in Anthropic's shape (quietly when the client has left).</summary>
    internal Task FailAsync(HttpContext context, Exception error)
        => FailureAnswer.WriteAsync(context, error, logger, FrontDoor, MessagesErrors.WriteAsync);
}
