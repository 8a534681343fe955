using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Gateway;

/// <summary>Options reach the upstream when the client sets them, and only then.</summary>
public sealed class OptionForwardingTests
{
    private static readonly string[] OptionNames =
        ["temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "presence_penalty", "frequency_penalty", "user", "n", "logprobs", "top_logprobs"];

    /// <summary>Every standard option set by the client arrives upstream with its value.</summary>
    [Fact]
    public async Task Options_set_by_client_reach_upstream()
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync("""
            {"model":"fake-chat","messages":[{"role":"user","content":"x"}],
             "temperature":0.3,"top_p":0.9,"max_tokens":50,"max_completion_tokens":60,"stop":["END","STOP"],"seed":42,
             "presence_penalty":0.5,"frequency_penalty":-0.5,"user":"u-1","n":1,"logprobs":true,"top_logprobs":2}
            """);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var sent = h.Upstream.Last.Json;
        sent.GetProperty("temperature").GetDouble().Should().BeApproximately(0.3, 1e-6);
        sent.GetProperty("top_p").GetDouble().Should().BeApproximately(0.9, 1e-6);
        sent.GetProperty("max_tokens").GetInt32().Should().Be(50);
        sent.GetProperty("max_completion_tokens").GetInt32().Should().Be(60);
        sent.GetProperty("stop").EnumerateArray().Select(e => e.GetString()).Should().Equal("END", "STOP");
        sent.GetProperty("seed").GetInt64().Should().Be(42);
        sent.GetProperty("presence_penalty").GetDouble().Should().BeApproximately(0.5, 1e-6);
        sent.GetProperty("frequency_penalty").GetDouble().Should().BeApproximately(-0.5, 1e-6);
        sent.GetProperty("user").GetString().Should().Be("u-1");
        sent.GetProperty("n").GetInt32().Should().Be(1);
        sent.GetProperty("logprobs").GetBoolean().Should().BeTrue();
        sent.GetProperty("top_logprobs").GetInt32().Should().Be(2);
    }

    /// <summary>Options the client did not set are not sent at all.</summary>
    [Fact]
    public async Task Unset_options_are_not_sent()
    {
        await using var h = await GatewayHarness.StartAsync();

        await h.Http.PostChatAsync(Requests.Simple("fake-chat"));

        var sent = h.Upstream.Last.Json;
        foreach (var name in OptionNames)
            sent.TryGetProperty(name, out _).Should().BeFalse($"{name} was not set by the client");
    }

    /// <summary>A single stop string is accepted and sent as a one-element list.</summary>
    [Fact]
    public async Task Stop_string_is_forwarded()
    {
        await using var h = await GatewayHarness.StartAsync();

        await h.Http.PostChatAsync("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"stop":"END"}""");

        var stop = h.Upstream.Last.Json.GetProperty("stop");
        (stop.ValueKind == JsonValueKind.String ? [stop.GetString()] : stop.EnumerateArray().Select(e => e.GetString()).ToArray()).Should().Equal("END");
    }

    /// <summary>Unknown fields (provider extensions) are forwarded untouched.</summary>
    [Fact]
    public async Task Unknown_fields_are_forwarded_verbatim()
    {
        await using var h = await GatewayHarness.StartAsync();

        await h.Http.PostChatAsync("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"thinking":{"type":"enabled","budget":1024},"service_tier":"flex"}""");

        var sent = h.Upstream.Last.Json;
        sent.GetProperty("thinking").GetRawText().Should().Be("""{"type":"enabled","budget":1024}""");
        sent.GetProperty("service_tier").GetString().Should().Be("flex");
    }
}
