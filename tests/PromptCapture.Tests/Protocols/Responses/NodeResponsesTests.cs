using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Responses;

/// <summary>The official openai npm package's Responses client against the gateway, as a JavaScript agent would use it.</summary>
public class NodeResponsesTests
{
    /// <summary>responses.create reads the answer and the SDK's output_text helper works on our output items.</summary>
    [Fact]
    public async Task Npm_responses_create_reads_output_text()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "Hi from upstream" };
        var result = await Scenario(h, "create");
        result.GetProperty("outputText").GetString().Should().Be("Hi from upstream");
        result.GetProperty("response").GetProperty("model").GetString().Should().Be("fake-chat");
    }

    /// <summary>The SDK's stream iterator sees the typed events, the text deltas and a completed response with usage.</summary>
    [Fact]
    public async Task Npm_responses_stream_yields_typed_events()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "streamed words here" };
        var result = await Scenario(h, "stream");
        result.GetProperty("text").GetString().Should().Be("streamed words here");
        var types = result.GetProperty("types").EnumerateArray().Select(t => t.GetString()).ToList();
        types.First().Should().Be("response.created");
        types.Last().Should().Be("response.completed");
        result.GetProperty("completed").GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().Be(18);
    }

    /// <summary>A function call read by the SDK, its output sent back with the SDK's own output items resent as input.</summary>
    [Fact]
    public async Task Npm_function_call_round_trip()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_w", "get_weather", """{"city":"Paris"}""")] }, new FakeReply { Content = "Sunny in Paris." });
        var result = await Scenario(h, "tools");
        result.GetProperty("call").GetProperty("call_id").GetString().Should().Be("call_w");
        result.GetProperty("final").GetString().Should().Be("Sunny in Paris.");
        h.Upstream.Last.Json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).Should().Equal("user", "assistant", "tool");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(DISTINCT thread_id) FROM turns").Should().Be(1L);
    }

    /// <summary>previous_response_id from the SDK continues the conversation the capture holds.</summary>
    [Fact]
    public async Task Npm_previous_response_id_continues_the_conversation()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "Percy." }, new FakeReply { Content = "Wallace." });
        var result = await Scenario(h, "previous");
        result.GetProperty("second").GetString().Should().Be("Wallace.");
        result.GetProperty("previous").GetString().Should().Be(result.GetProperty("first").GetString());
        h.Upstream.Last.Json.GetProperty("messages").GetArrayLength().Should().Be(3);
    }

    /// <summary>Runs a scenario of responses.mjs and checks it succeeded.</summary>
    private static async Task<JsonElement> Scenario(GatewayHarness h, string name)
    {
        var result = await NodeClient.RunAsync("responses.mjs", [h.BaseUrl, name]);
        result.GetProperty("ok").GetBoolean().Should().BeTrue(result.ToString());
        return result;
    }
}
