using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Ollama;

/// <summary>The official ollama npm package (0.6.4) against the gateway, as Open WebUI-style JavaScript clients use it.</summary>
public class NodeOllamaTests
{
    /// <summary>list() sees every alias tagged latest; show() reports tool capability.</summary>
    [Fact]
    public async Task Npm_ollama_lists_and_shows_models()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await Scenario(h, "list");
        result.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Should().Contain("fake-chat:latest");
        result.GetProperty("capabilities").EnumerateArray().Select(n => n.GetString()).Should().Contain("tools");
    }

    /// <summary>A non-streamed chat reads the message and the counts.</summary>
    [Fact]
    public async Task Npm_ollama_chat_not_streamed()
    {
        await using var h = await GatewayHarness.StartAsync();
        var response = (await Scenario(h, "chat")).GetProperty("response");
        response.GetProperty("message").GetProperty("content").GetString().Should().Be("Hello from the fake upstream.");
        response.GetProperty("done").GetBoolean().Should().BeTrue();
        response.GetProperty("eval_count").GetInt32().Should().Be(7);
        h.Upstream.Last.Json.GetProperty("temperature").GetDouble().Should().BeApproximately(0.1, 1e-6);
    }

    /// <summary>The package's NDJSON iterator yields the pieces and a done part with a reason.</summary>
    [Fact]
    public async Task Npm_ollama_chat_streamed()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Deltas = ["a", "b", "c"] };
        var result = await Scenario(h, "stream");
        result.GetProperty("text").GetString().Should().Be("abc");
        result.GetProperty("parts").GetInt32().Should().BeGreaterThan(1);
        result.GetProperty("last").GetProperty("done").GetBoolean().Should().BeTrue();
        result.GetProperty("last").GetProperty("done_reason").GetString().Should().Be("stop");
    }

    /// <summary>generate, whole and streamed.</summary>
    [Fact]
    public async Task Npm_ollama_generate()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await Scenario(h, "generate");
        result.GetProperty("whole").GetProperty("response").GetString().Should().Be("Hello from the fake upstream.");
        result.GetProperty("streamed").GetString().Should().Be("Hello from the fake upstream.");
        result.GetProperty("last").GetProperty("done").GetBoolean().Should().BeTrue();
    }

    /// <summary>embed returns one vector per input, the upstream's.</summary>
    [Fact]
    public async Task Npm_ollama_embed()
    {
        await using var h = await GatewayHarness.StartAsync();
        var embeddings = (await Scenario(h, "embed")).GetProperty("response").GetProperty("embeddings");
        embeddings.GetArrayLength().Should().Be(2);
        embeddings[1].EnumerateArray().Select(v => v.GetSingle()).Should().Equal(FakeUpstream.FakeVector("second", 1));
    }

    /// <summary>A tool call read by the package (arguments an object), its answer sent back with the package's own message.</summary>
    [Fact]
    public async Task Npm_ollama_tool_call_round_trip()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_1", "get_weather", """{"city":"Paris"}""")], FinishReason = "tool_calls" },
            new FakeReply { Content = "It is sunny." });
        var result = await Scenario(h, "tools");
        result.GetProperty("call").GetProperty("function").GetProperty("arguments").GetProperty("city").GetString().Should().Be("Paris");
        result.GetProperty("final").GetString().Should().Be("It is sunny.");
        var messages = h.Upstream.Last.Json.GetProperty("messages");
        messages[2].GetProperty("role").GetString().Should().Be("tool");
        messages[2].GetProperty("tool_call_id").GetString().Should().Be(messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
    }

    /// <summary>Runs a scenario of ollama.mjs against the gateway's root (an Ollama host) and checks it succeeded.</summary>
    private static async Task<JsonElement> Scenario(GatewayHarness h, string name)
    {
        var result = await NodeClient.RunAsync("ollama.mjs", [h.BaseUrl[..^"/v1".Length], name]);
        result.GetProperty("ok").GetBoolean().Should().BeTrue(result.ToString());
        return result;
    }
}
