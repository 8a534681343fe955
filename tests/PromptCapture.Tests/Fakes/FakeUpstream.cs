using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace PromptCapture.Tests.Fakes;

/// <summary>
/// A small OpenAI-compatible server on a loopback port: answers chat completions (JSON or SSE) from a script of
/// replies, records every request it gets, and can fail, delay, hold or cut a stream on demand.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>How many requests were abandoned by the gateway while the fake was still answering.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>Arrival times of requests, for checking retry spacing.</summary>
    public ConcurrentQueue<DateTimeOffset> Arrivals { get; } = new();

    private int _cancelled;

    /// <summary>The reply used when the script is empty.</summary>
    public FakeReply DefaultReply { get; set; } = new();

    /// <summary>Root URL, e.g. http://127.0.0.1:5555 (Azure-style endpoints hang below it).</summary>
    public string RootUrl { get; private set; } = "";

    /// <summary>Base URL up to /v1, e.g. http://127.0.0.1:5555/v1.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Builds the server; call <see cref="StartAsync"/>.</summary>
    private FakeUpstream()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", HandleAsync);
        _app.MapPost("/openai/deployments/{deployment}/chat/completions", HandleAsync);
        _app.MapPost("/v1/embeddings", EmbeddingsAsync);
    }

    /// <summary>The vector the fake returns for input number <paramref name="index"/>: [length of text, index + 0.5, 0.25, ...] up to the dimensions asked.</summary>
    public static float[] FakeVector(string text, int index, int dimensions = 3) =>
        Enumerable.Range(0, dimensions).Select(i => i switch { 0 => (float)text.Length, 1 => index + 0.5f, _ => 0.25f }).ToArray();

    /// <summary>POST /v1/embeddings: a vector per input (see <see cref="FakeVector"/>), float or base64 as asked, and usage.</summary>
    private async Task EmbeddingsAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Requests.Enqueue(new RecordedRequest(context.Request.Path + context.Request.QueryString, headers, body));
        var reply = _script.TryDequeue(out var next) ? next : DefaultReply;
        if (reply.ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = reply.ErrorMessage, ["type"] = "invalid_request_error", ["param"] = null, ["code"] = "fake_error" },
            }.ToJsonString());
            return;
        }
        var json = JsonNode.Parse(body)!;
        var inputs = json["input"] is JsonArray list ? list.Select(i => i!.GetValue<string>()).ToList() : [json["input"]!.GetValue<string>()];
        var dimensions = json["dimensions"]?.GetValue<int>() ?? 3;
        var base64 = json["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = FakeVector(inputs[i], i, dimensions);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["object"] = "list", ["data"] = data, ["model"] = json["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Count * 2, ["total_tokens"] = inputs.Count * 2 },
        }.ToJsonString());
    }

    /// <summary>Starts a fake upstream on a free loopback port.</summary>
    public static async Task<FakeUpstream> StartAsync()
    {
        var fake = new FakeUpstream();
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.RootUrl = address;
        fake.BaseUrl = address + "/v1";
        return fake;
    }

    /// <summary>Queues replies to use, one per request, before falling back to <see cref="DefaultReply"/>.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
            _script.Enqueue(reply);
    }

    /// <summary>The last request received.</summary>
    public RecordedRequest Last => Requests.Last();

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Records the request and answers per the next reply.</summary>
    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Requests.Enqueue(new RecordedRequest(context.Request.Path + context.Request.QueryString, headers, body));
        Arrivals.Enqueue(DateTimeOffset.UtcNow);
        context.RequestAborted.Register(() => Interlocked.Increment(ref _cancelled));
        var reply = _script.TryDequeue(out var next) ? next : DefaultReply;
        if (reply.ResetConnection)
        {
            context.Abort();
            return;
        }
        if (reply.Delay > TimeSpan.Zero)
            await Task.Delay(reply.Delay, context.RequestAborted);
        foreach (var (name, value) in reply.Headers)
            context.Response.Headers[name] = value;
        if (reply.ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.ErrorBody ?? new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = reply.ErrorMessage, ["type"] = "invalid_request_error", ["param"] = null, ["code"] = "fake_error" },
            }.ToJsonString());
            return;
        }
        if (reply.RawBody is not null)
        {
            context.Response.ContentType = reply.RawContentType;
            await context.Response.WriteAsync(reply.RawBody);
            return;
        }
        using var json = JsonDocument.Parse(body);
        var stream = json.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        if (stream)
            await StreamAsync(context, reply, json.RootElement);
        else
            await CompleteAsync(context, reply);
    }

    /// <summary>Answers one chat.completion JSON body.</summary>
    private static Task CompleteAsync(HttpContext context, FakeReply reply)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.ToolCalls.Count > 0 && reply.Content.Length == 0 ? null : reply.Content };
        if (reply.Reasoning is not null)
            message["reasoning_content"] = reply.Reasoning;
        if (reply.ToolCalls.Count > 0)
        {
            var calls = new JsonArray();
            foreach (var (id, name, args) in reply.ToolCalls)
                calls.Add(new JsonObject { ["id"] = id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = name, ["arguments"] = args } });
            message["tool_calls"] = calls;
        }
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-upstream-1",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = reply.Model,
            ["system_fingerprint"] = "fp_fake",
            ["service_tier"] = "default",
            ["choices"] = new JsonArray { new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = reply.LogprobsJson is null ? null : JsonNode.Parse(reply.LogprobsJson), ["finish_reason"] = Finish(reply) } },
            ["usage"] = Usage(reply),
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>Streams the reply as OpenAI does: role chunk, reasoning, content and tool-call deltas, finish chunk, usage chunk, [DONE].</summary>
    private static async Task StreamAsync(HttpContext context, FakeReply reply, JsonElement request)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sent = 0;
        var held = false;

        async Task Send(JsonObject delta, string? finish, JsonObject? usage = null, bool usageChunk = false)
        {
            if (reply.CutAfterChunks is { } cut && sent >= cut)
            {
                context.Abort();
                throw new OperationCanceledException("cut by script");
            }
            if (reply.EndAfterChunks is { } end && sent >= end)
                throw new OperationCanceledException("ended early by script");
            if (reply.GarbageAfterChunks is { } garbage && sent >= garbage)
            {
                await context.Response.WriteAsync("data: {\"id\": broken json here\n\n");
                await context.Response.Body.FlushAsync();
                throw new OperationCanceledException("garbage sent by script");
            }
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-upstream-1",
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = reply.Model,
                ["choices"] = usageChunk ? new JsonArray() : new JsonArray { new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish } },
            };
            if (usage is not null)
                chunk["usage"] = usage;
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n");
            await context.Response.Body.FlushAsync();
            sent++;
            if (reply.ChunkDelay > TimeSpan.Zero)
                await Task.Delay(reply.ChunkDelay, context.RequestAborted);
        }

        try
        {
            await Send(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
            if (reply.Reasoning is not null)
                foreach (var piece in Words(reply.Reasoning))
                    await Send(new JsonObject { ["reasoning_content"] = piece }, null);
            foreach (var piece in reply.Deltas ?? Words(reply.Content))
            {
                await Send(new JsonObject { ["content"] = piece }, null);
                if (!held && reply.HoldAfterFirstChunk is { } hold)
                {
                    held = true;
                    await hold.WaitAsync(context.RequestAborted);
                }
            }
            for (var i = 0; i < reply.ToolCalls.Count; i++)
            {
                var (id, name, args) = reply.ToolCalls[i];
                await Send(new JsonObject { ["tool_calls"] = new JsonArray { new JsonObject
                {
                    ["index"] = i, ["id"] = id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "" },
                } } }, null);
                foreach (var piece in Halves(args))
                    await Send(new JsonObject { ["tool_calls"] = new JsonArray { new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = piece } } } }, null);
            }
            await Send(new JsonObject(), Finish(reply));
            var includeUsage = request.TryGetProperty("stream_options", out var so) && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
            if (includeUsage)
                await Send(new JsonObject(), null, Usage(reply), usageChunk: true);
            await context.Response.WriteAsync("data: [DONE]\n\n");
        }
        catch (OperationCanceledException)
        {
            // The script cut the stream, or the gateway went away.
        }
    }

    /// <summary>The finish reason the reply implies.</summary>
    private static string Finish(FakeReply reply) => reply.FinishReason ?? (reply.ToolCalls.Count > 0 ? "tool_calls" : "stop");

    /// <summary>The usage object of the reply.</summary>
    private static JsonObject Usage(FakeReply reply)
    {
        var usage = new JsonObject
        {
            ["prompt_tokens"] = reply.PromptTokens,
            ["completion_tokens"] = reply.CompletionTokens,
            ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
        };
        if (reply.CachedTokens > 0)
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = reply.CachedTokens };
        return usage;
    }

    /// <summary>Word pieces that concatenate back to the text.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
            if (i == text.Length || text[i - 1] == ' ')
            {
                if (i > start) yield return text[start..i];
                start = i;
            }
    }

    /// <summary>Splits an argument string in two pieces, as models stream arguments in fragments.</summary>
    private static IEnumerable<string> Halves(string text)
    {
        if (text.Length < 2) { yield return text; yield break; }
        yield return text[..(text.Length / 2)];
        yield return text[(text.Length / 2)..];
    }
}
