using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>The gateway's own Chat Completions service for openai providers, seen from the upstream's side.</summary>
public sealed class OpenAIWireServiceTests
{
    /// <summary>A streaming request goes upstream as one compact body: messages, the upstream model, stream with usage, then the options.</summary>
    [Fact]
    public async Task A_streaming_request_reaches_the_upstream_as_chat_completions_json()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);

        var response = await h.Http.PostChatAsync("""
            {"model":"fake-chat","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Grüß dich","name":"ann"}],
             "temperature":0.2,"max_tokens":32,"stream":true}
            """);
        await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var sent = h.Upstream.Last;
        sent.Path.Should().Be("/v1/chat/completions");
        sent.Body.Should().Be("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Grüß dich","name":"ann"}],"model":"upstream-chat-model","stream":true,"stream_options":{"include_usage":true},"temperature":0.2,"max_tokens":32}""");
        sent.Headers["content-type"].Should().StartWith("application/json");
        sent.Headers["accept"].Should().Be("text/event-stream");
        sent.Headers["user-agent"].Should().StartWith("PromptCapture/");
    }

    /// <summary>A provider without apiKeyEnv (a local Ollama or vLLM) gets no Authorization header at all.</summary>
    [Fact]
    public async Task A_keyless_provider_gets_no_authorization_header()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);

        var response = await h.Http.PostChatAsync(Requests.Simple("keyless-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Upstream.Last.Headers.Should().NotContainKey("authorization");
        h.Upstream.Last.Json.GetProperty("model").GetString().Should().Be("local-model");
    }

    /// <summary>An endpoint written with a trailing slash reaches the same chat/completions path; a query on the endpoint is kept.</summary>
    [Fact]
    public async Task An_endpoint_with_a_trailing_slash_reaches_chat_completions_under_it()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true, extraProviders: root =>
        [
            new JsonObject
            {
                ["name"] = "slashed", ["type"] = "openai", ["endpoint"] = root + "/v1/",
                ["models"] = new JsonArray { new JsonObject { ["alias"] = "slashed-chat", ["model"] = "m" } },
            },
            new JsonObject
            {
                ["name"] = "queried", ["type"] = "openai", ["endpoint"] = root + "/v1?api-version=2",
                ["models"] = new JsonArray { new JsonObject { ["alias"] = "queried-chat", ["model"] = "m" } },
            },
        ]);

        var slashed = await h.Http.PostChatAsync(Requests.Simple("slashed-chat"));
        var slashedPath = h.Upstream.Last.Path;
        var queried = await h.Http.PostChatAsync(Requests.Simple("queried-chat"));

        slashed.StatusCode.Should().Be(HttpStatusCode.OK);
        slashedPath.Should().Be("/v1/chat/completions");
        queried.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Upstream.Last.Path.Should().Be("/v1/chat/completions?api-version=2");
    }
}
