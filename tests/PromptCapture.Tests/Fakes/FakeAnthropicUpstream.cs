using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace PromptCapture.Tests.Fakes;

/// <summary>
/// A small Anthropic Messages API server on a loopback port: answers /v1/messages (JSON or Anthropic's SSE) and
/// /v1/messages/count_tokens from a script of <see cref="FakeReply"/>s, records every request, fails on demand.
/// </summary>
public sealed class FakeAnthropicUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The reply used when the script is empty.</summary>
    public FakeReply DefaultReply { get; set; } = new();

    /// <summary>What count_tokens answers; null answers 404, as Anthropic-compatible servers without the route do.</summary>
    public int? CountTokens { get; set; } = 321;

    /// <summary>Root URL, e.g. http://127.0.0.1:5555.</summary>
    public string RootUrl { get; private set; } = "";

    /// <summary>The last request received.</summary>
    public RecordedRequest Last => Requests.Last();

    /// <summary>Builds the server; call <see cref="StartAsync"/>.</summary>
    private FakeAnthropicUpstream()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/messages", HandleAsync);
        _app.MapPost("/v1/messages/count_tokens", CountAsync);
    }

    /// <summary>Starts a fake on a free loopback port.</summary>
    public static async Task<FakeAnthropicUpstream> StartAsync()
    {
        var fake = new FakeAnthropicUpstream();
        await fake._app.StartAsync();
        fake.RootUrl = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>Queues replies to use, one per request, before falling back to <see cref="DefaultReply"/>.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
            _script.Enqueue(reply);
    }

    /// <summary>A providers.json entry for this fake: provider "claude", alias claude-fake (falling back to fake-chat), key from FAKE_KEY.</summary>
    public JsonObject Provider() => new()
    {
        ["name"] = "claude", ["type"] = "anthropic", ["endpoint"] = RootUrl, ["apiKeyEnv"] = "FAKE_KEY",
        ["retry"] = new JsonObject { ["maxRetries"] = 0 },
        ["models"] = new JsonArray
        {
            new JsonObject { ["alias"] = "claude-fake", ["model"] = "claude-upstream-model" },
            new JsonObject { ["alias"] = "claude-fallback", ["model"] = "claude-upstream-model", ["fallbacks"] = new JsonArray("fake-chat") },
        },
    };

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Records a request (path, lower-cased headers, body) and returns its body.</summary>
    private async Task<string> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Requests.Enqueue(new RecordedRequest(context.Request.Path + context.Request.QueryString, headers, body));
        return body;
    }

    /// <summary>Answers count_tokens with <see cref="CountTokens"/>.</summary>
    private async Task CountAsync(HttpContext context)
    {
        await RecordAsync(context);
        context.Response.ContentType = "application/json";
        if (CountTokens is null)
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"type":"error","error":{"type":"not_found_error","message":"Not found"}}""");
            return;
        }
        await context.Response.WriteAsync(new JsonObject { ["input_tokens"] = CountTokens }.ToJsonString());
    }

    /// <summary>Answers one message per the next reply: an Anthropic error, a JSON message or an event stream.</summary>
    private async Task HandleAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        var reply = _script.TryDequeue(out var next) ? next : DefaultReply;
        if (reply.ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var type = status switch { 429 => "rate_limit_error", 529 => "overloaded_error", 404 => "not_found_error", _ => "invalid_request_error" };
            await context.Response.WriteAsync(new JsonObject
            {
                ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = reply.ErrorMessage },
            }.ToJsonString());
            return;
        }
        using var json = JsonDocument.Parse(body);
        var stream = json.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        if (stream)
            await StreamAsync(context, reply);
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Message(reply, Blocks(reply), StopReason(reply)).ToJsonString());
        }
    }

    /// <summary>The content blocks of a reply: thinking, text, tool_use.</summary>
    private static JsonArray Blocks(FakeReply reply)
    {
        var blocks = new JsonArray();
        if (reply.Reasoning is not null)
            blocks.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = reply.Reasoning, ["signature"] = "sig-fake" });
        if (reply.Content.Length > 0)
            blocks.Add(new JsonObject { ["type"] = "text", ["text"] = reply.Content });
        foreach (var (id, name, args) in reply.ToolCalls)
            blocks.Add(new JsonObject { ["type"] = "tool_use", ["id"] = id, ["name"] = name, ["input"] = JsonNode.Parse(args) });
        return blocks;
    }

    /// <summary>end_turn, or tool_use when the reply calls tools.</summary>
    private static string StopReason(FakeReply reply) => reply.FinishReason ?? (reply.ToolCalls.Count > 0 ? "tool_use" : "end_turn");

    /// <summary>A whole message object.</summary>
    private static JsonObject Message(FakeReply reply, JsonArray content, string? stop) => new()
    {
        ["id"] = "msg_01FakeUpstream", ["type"] = "message", ["role"] = "assistant", ["model"] = reply.Model,
        ["content"] = content, ["stop_reason"] = stop, ["stop_sequence"] = null,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = reply.PromptTokens, ["output_tokens"] = stop is null ? 1 : reply.CompletionTokens,
            ["cache_creation_input_tokens"] = 0, ["cache_read_input_tokens"] = reply.CachedTokens,
        },
    };

    /// <summary>Streams the reply as Anthropic does, block by block, then message_delta and message_stop.</summary>
    private static async Task StreamAsync(HttpContext context, FakeReply reply)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        async Task Send(string name, JsonObject data)
        {
            data = new JsonObject(new[] { KeyValuePair.Create<string, JsonNode?>("type", name) }.Concat(data.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
            await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }
        await Send("message_start", new JsonObject { ["message"] = Message(reply, [], null) });
        var index = 0;
        if (reply.Reasoning is not null)
        {
            await Send("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "thinking", ["thinking"] = "", ["signature"] = "" } });
            await Send("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "thinking_delta", ["thinking"] = reply.Reasoning } });
            await Send("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "signature_delta", ["signature"] = "sig-fake" } });
            await Send("content_block_stop", new JsonObject { ["index"] = index++ });
        }
        if (reply.Content.Length > 0)
        {
            await Send("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            foreach (var piece in reply.Content.Split(' ').Select((w, i) => i == 0 ? w : " " + w))
                await Send("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
            await Send("content_block_stop", new JsonObject { ["index"] = index++ });
        }
        foreach (var (id, name, args) in reply.ToolCalls)
        {
            await Send("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = id, ["name"] = name, ["input"] = new JsonObject() } });
            var half = args.Length / 2;
            await Send("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = args[..half] } });
            await Send("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = args[half..] } });
            await Send("content_block_stop", new JsonObject { ["index"] = index++ });
        }
        await Send("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(reply), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = reply.CompletionTokens },
        });
        await Send("message_stop", new JsonObject());
    }
}

/// <summary>A gateway whose providers.json also routes alias claude-fake (provider "claude") to a fake Anthropic upstream; disposing stops both.</summary>
/// <param name="Gateway">The gateway, with the usual fake chat upstream too.</param>
/// <param name="Anthropic">The fake Anthropic upstream.</param>
public sealed record NativeGateway(GatewayHarness Gateway, FakeAnthropicUpstream Anthropic) : IAsyncDisposable
{
    /// <summary>Starts the fake Anthropic upstream, then the gateway in front of it.</summary>
    public static async Task<NativeGateway> StartAsync()
    {
        var anthropic = await FakeAnthropicUpstream.StartAsync();
        return new NativeGateway(await GatewayHarness.StartAsync(extraProviders: _ => [anthropic.Provider()]), anthropic);
    }

    /// <summary>Stops the gateway, then the upstream.</summary>
    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Anthropic.DisposeAsync();
    }
}
