using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>The official @anthropic-ai/sdk npm package (node/messages.mjs) against the gateway and the fake chat upstream.</summary>
public class NodeMessagesTests
{
    /// <summary>Runs one scenario of messages.mjs against a gateway; the SDK's base URL is the gateway root.</summary>
    private static Task<JsonElement> RunAsync(GatewayHarness h, string scenario) =>
        NodeClient.RunAsync("messages.mjs", [h.BaseUrl[..^"/v1".Length], scenario]);

    /// <summary>messages.create parses the gateway's answer into the SDK's Message type.</summary>
    [Fact]
    public async Task Npm_sdk_create_reads_the_message()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await RunAsync(h, "create");

        result.GetProperty("ok").GetBoolean().Should().BeTrue(result.ToString());
        var message = result.GetProperty("message");
        message.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        message.GetProperty("stop_reason").GetString().Should().Be("end_turn");
        message.GetProperty("usage").GetProperty("output_tokens").GetInt32().Should().Be(7);
        h.Upstream.Last.Headers.Should().NotContainKey("x-api-key");
        h.Upstream.Last.Headers["authorization"].Should().Be("Bearer " + GatewayHarness.UpstreamKey);
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT front_door FROM prompt_capture_requests").Should().Be("messages");
    }

    /// <summary>messages.stream sees every event type, the text deltas and an assembled final message.</summary>
    [Fact]
    public async Task Npm_sdk_stream_assembles_the_final_message()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await RunAsync(h, "stream");

        result.GetProperty("ok").GetBoolean().Should().BeTrue(result.ToString());
        result.GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        result.GetProperty("types").EnumerateArray().Select(t => t.GetString()).Distinct().Should().Equal(
            "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        var final = result.GetProperty("final");
        final.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        final.GetProperty("stop_reason").GetString().Should().Be("end_turn");
        final.GetProperty("usage").GetProperty("output_tokens").GetInt32().Should().Be(7);
    }

    /// <summary>A tool_use answer and the SDK's tool_result turn: the call round-trips and the final answer comes back.</summary>
    [Fact]
    public async Task Npm_sdk_tool_round_trip()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_7", "get_weather", """{"city":"Paris"}""")] },
            new FakeReply { Content = "Sunny in Paris." });
        var result = await RunAsync(h, "tools");

        result.GetProperty("ok").GetBoolean().Should().BeTrue(result.ToString());
        result.GetProperty("stop").GetString().Should().Be("tool_use");
        result.GetProperty("call").GetProperty("input").GetProperty("city").GetString().Should().Be("Paris");
        result.GetProperty("final").GetString().Should().Be("Sunny in Paris.");
        h.Upstream.Last.Json.GetProperty("messages")[2].GetProperty("tool_call_id").GetString().Should().Be("call_7");
    }

    /// <summary>messages.countTokens gets a positive estimate.</summary>
    [Fact]
    public async Task Npm_sdk_count_tokens()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await RunAsync(h, "count");

        result.GetProperty("ok").GetBoolean().Should().BeTrue(result.ToString());
        result.GetProperty("count").GetProperty("input_tokens").GetInt32().Should().BeInRange(5, 30);
    }

    /// <summary>An unknown alias surfaces in the SDK as its NotFoundError with Anthropic's error body.</summary>
    [Fact]
    public async Task Npm_sdk_sees_not_found_error()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await RunAsync(h, "error");

        result.GetProperty("ok").GetBoolean().Should().BeFalse();
        result.GetProperty("status").GetInt32().Should().Be(404);
        result.GetProperty("name").GetString().Should().Be("NotFoundError");
        result.GetProperty("error").GetProperty("error").GetProperty("type").GetString().Should().Be("not_found_error");
        result.GetProperty("error").GetProperty("error").GetProperty("message").GetString().Should().Contain("no-such-alias");
    }
}
