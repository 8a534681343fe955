using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.OpenAICompletions;

/// <summary>
/// POST /v1/completions, OpenAI's legacy text completions: each prompt goes as one user message through the chat
/// path (same settings, checks and capture), answered as text_completion objects, streamed as SSE ending in [DONE].
/// </summary>
public sealed class CompletionsEndpoint(ModelCatalog catalog, ChatKernel kernel, ILogger<CompletionsEndpoint> logger)
{
    /// <summary>The front door's name in captures.</summary>
    public const string FrontDoor = "completions";

    /// <summary>Fields only the completions API has: read here, never passed upstream.</summary>
    private static readonly HashSet<string> OwnFields = ["prompt", "suffix", "echo", "logprobs", "best_of", "messages"];

    /// <summary>Handles one POST; every failure is an OpenAI-shaped error (mid-stream, an error event).</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var startedUtc = DateTimeOffset.UtcNow;
        var aborted = context.RequestAborted;
        var upstreamHeaders = UpstreamHeaders.Begin();
        try
        {
            var body = await JsonBody.ReadAsync(context.Request, WireJson.Context.JsonElement, "a completion", aborted).ConfigureAwait(false);
            if (body.ValueKind != JsonValueKind.Object)
                throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
            var prompts = Prompts(body);
            CheckUnsupported(body);
            var echo = body.TryGetProperty("echo", out var e) && e.ValueKind == JsonValueKind.True;
            var registry = catalog.Current;
            var id = "cmpl-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
            var answers = new List<(string Text, string? Finish, ExchangeUsage? Usage)>();
            ChatCompletionRequest? first = null;
            for (var i = 0; i < prompts.Count; i++)
            {
                var request = AsChat(body, prompts[i]);
                first ??= request;
                if (request.Stream == true && prompts.Count > 1)
                    throw new InvalidRequestException("Streaming serves one prompt: send the prompts as separate requests.", "prompt", "unsupported_value");
                var asked = registry.TryResolve(request.Model, out var route) ? route : throw new ModelNotFoundException(request.Model ?? "");
                var stream = request.Stream == true;
                var exchange = ChatExchangeBuilder.Build(request, ClientDetails.Of(context, FrontDoor, stream, id), startedUtc, startTimestamp);
                var prefix = echo ? prompts[i] : null;
                if (stream)
                {
                    var includeUsage = request.StreamOptions?.IncludeUsage == true;
                    await FallbackLoop.RunAsync(registry.Candidates(asked), context, logger,
                        r => StreamAsync(context, r, exchange, id, request.Model!, prefix, includeUsage)).ConfigureAwait(false);
                    return;
                }
                await FallbackLoop.RunAsync(registry.Candidates(asked), context, logger, async r =>
                {
                    var answer = await kernel.CompleteAsync(r, exchange, aborted).ConfigureAwait(false);
                    context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = r.Alias;
                    answers.Add((prefix + (answer.Text ?? ""), answer.FinishReason ?? "stop", answer.Usage));
                }).ConfigureAwait(false);
            }
            ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await WriteAsync(context, w => Completion(w, id, first!.Model!, answers), false).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            ClientDetails.RelayUpstreamHeaders(context, upstreamHeaders);
            await FailureAnswer.WriteAsync(context, error, logger, FrontDoor, ErrorResponses.WriteAsync).ConfigureAwait(false);
        }
    }

    /// <summary>Streaming: the first update awaited before anything is sent; a chunk per text piece, the finish, usage if asked, [DONE].</summary>
    private async Task StreamAsync(HttpContext context, ModelRoute route, ExchangeRequest exchange, string id, string model, string? prefix, bool includeUsage)
    {
        var aborted = context.RequestAborted;
        await using var updates = kernel.StreamAsync(route, exchange, aborted).GetAsyncEnumerator(aborted);
        var hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
        ClientDetails.RelayUpstreamHeaders(context, UpstreamHeaders.Current);
        context.Response.Headers[ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string? finish = null;
        ExchangeUsage? usage = null;
        try
        {
            if (prefix is { Length: > 0 })
                await WriteAsync(context, w => Chunk(w, id, model, created, prefix, null), true).ConfigureAwait(false);
            while (hasUpdate)
            {
                var update = updates.Current;
                finish = update.FinishReason ?? finish;
                usage = update.Usage ?? usage;
                if (!string.IsNullOrEmpty(update.Text))
                    await WriteAsync(context, w => Chunk(w, id, model, created, update.Text, null), true).ConfigureAwait(false);
                hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            FrontDoorLog.Failure(logger, error, FrontDoor);
            var (_, body) = ErrorResponses.For(error);
            var json = JsonSerializer.SerializeToUtf8Bytes(body, WireJson.Context.OpenAIErrorEnvelope);
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + Encoding.UTF8.GetString(json) + "\n\n"), CancellationToken.None).ConfigureAwait(false);
            return;
        }
        await WriteAsync(context, w => Chunk(w, id, model, created, "", finish ?? "stop"), true).ConfigureAwait(false);
        if (includeUsage)
            await WriteAsync(context, w => UsageChunk(w, id, model, created, usage), true).ConfigureAwait(false);
        await context.Response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), aborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
    }

    /// <summary>prompt: a string or a list of strings; token arrays are a 400.</summary>
    internal static List<string> Prompts(JsonElement body)
    {
        if (!body.TryGetProperty("prompt", out var prompt) || prompt.ValueKind == JsonValueKind.Null)
            throw new InvalidRequestException("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
        if (prompt.ValueKind == JsonValueKind.String)
            return [prompt.GetString()!];
        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() > 0)
        {
            var list = new List<string>();
            foreach (var item in prompt.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                    list.Add(item.GetString()!);
                else
                    throw new InvalidRequestException("prompt: token arrays are not supported; send the prompt as a string or a list of strings.", "prompt", "unsupported_value");
            }
            return list;
        }
        throw new InvalidRequestException("prompt: must be a string or a non-empty list of strings.", "prompt", "invalid_type");
    }

    /// <summary>suffix, logprobs and best_of cannot be served through a chat provider: a 400 naming each.</summary>
    private static void CheckUnsupported(JsonElement body)
    {
        if (body.TryGetProperty("suffix", out var suffix) && suffix.ValueKind == JsonValueKind.String && suffix.GetString() is { Length: > 0 })
            throw new InvalidRequestException("suffix is not supported: chat providers have no insertion (fill-in-the-middle) mode.", "suffix", "unsupported_value");
        if (body.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.Number && (!logprobs.TryGetInt32(out var n) || n != 0))
            throw new InvalidRequestException("logprobs is not supported on /v1/completions; use /v1/chat/completions with logprobs and top_logprobs.", "logprobs", "unsupported_value");
        if (body.TryGetProperty("best_of", out var bestOf) && bestOf.ValueKind == JsonValueKind.Number && (!bestOf.TryGetInt32(out var b) || b != 1))
            throw new InvalidRequestException("best_of above 1 is not supported: the gateway makes one call per prompt.", "best_of", "unsupported_value");
        if (body.TryGetProperty("echo", out var echo) && echo.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            throw new InvalidRequestException("echo: must be a boolean.", "echo", "invalid_type");
    }

    /// <summary>The same request as a chat completion: every shared field kept, the prompt as the one user message.</summary>
    private static ChatCompletionRequest AsChat(JsonElement body, string prompt)
    {
        var json = JsonElements.Write(w =>
        {
            w.WriteStartObject();
            foreach (var property in body.EnumerateObject())
            {
                if (!OwnFields.Contains(property.Name))
                    property.WriteTo(w);
            }
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", prompt);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        ChatCompletionRequest? request;
        try
        {
            request = json.Deserialize(ChatJson.Context.ChatCompletionRequest);
        }
        catch (JsonException error)
        {
            throw new InvalidRequestException($"Invalid value in the request: {error.Path}: {error.Message.Split('.')[0]}.", error.Path?.TrimStart('$', '.'), "invalid_value");
        }
        if (request is null || string.IsNullOrEmpty(request.Model))
            throw new InvalidRequestException("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        RequestValueChecks.Check(request);
        return request;
    }

    /// <summary>The non-streamed text_completion object.</summary>
    private static void Completion(Utf8JsonWriter w, string id, string model, List<(string Text, string? Finish, ExchangeUsage? Usage)> answers)
    {
        Header(w, id, model, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        w.WriteStartArray("choices");
        for (var i = 0; i < answers.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("text", answers[i].Text);
            w.WriteNumber("index", i);
            w.WriteNull("logprobs");
            w.WriteString("finish_reason", answers[i].Finish);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        long input = answers.Sum(a => a.Usage?.InputTokens ?? 0), output = answers.Sum(a => a.Usage?.OutputTokens ?? 0);
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", input);
        w.WriteNumber("completion_tokens", output);
        w.WriteNumber("total_tokens", input + output);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>One streamed chunk: a text piece, or the finish reason with empty text.</summary>
    private static void Chunk(Utf8JsonWriter w, string id, string model, long created, string text, string? finish)
    {
        Header(w, id, model, created);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteString("text", text);
        w.WriteNumber("index", 0);
        w.WriteNull("logprobs");
        if (finish is null)
            w.WriteNull("finish_reason");
        else
            w.WriteString("finish_reason", finish);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The usage chunk stream_options.include_usage asks for: no choices, the counts.</summary>
    private static void UsageChunk(Utf8JsonWriter w, string id, string model, long created, ExchangeUsage? usage)
    {
        Header(w, id, model, created);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", usage?.InputTokens ?? 0);
        w.WriteNumber("completion_tokens", usage?.OutputTokens ?? 0);
        w.WriteNumber("total_tokens", usage?.TotalTokens ?? 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Opens a text_completion object with its id, object, created and model.</summary>
    private static void Header(Utf8JsonWriter w, string id, string model, long created)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("object", "text_completion");
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }

    /// <summary>Writes one JSON value (as an SSE data line when <paramref name="sse"/>) and flushes.</summary>
    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write, bool sse)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        if (sse)
            buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Context.Options.Encoder }))
            write(writer);
        if (sse)
            buffer.Write("\n\n"u8);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
