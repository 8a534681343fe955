using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Completions;

/// <summary>The official openai npm package against /v1/embeddings and /v1/completions.</summary>
public class NodeOpenAIExtraTests
{
    /// <summary>Float vectors as sent, and the SDK's default base64 decoded by the SDK to the same numbers.</summary>
    [Fact]
    public async Task Npm_openai_embeddings_float_and_base64()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await Scenario(h, "embeddings");
        var floats = result.GetProperty("float").GetProperty("data");
        floats.GetArrayLength().Should().Be(2);
        floats[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).Should().Equal(FakeUpstream.FakeVector("hello", 0));
        result.GetProperty("base64").GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())
            .Should().Equal(FakeUpstream.FakeVector("hello", 0));
    }

    /// <summary>completions.create whole and streamed.</summary>
    [Fact]
    public async Task Npm_openai_completions()
    {
        await using var h = await GatewayHarness.StartAsync();
        var result = await Scenario(h, "completions");
        result.GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        result.GetProperty("object").GetString().Should().Be("text_completion");
        result.GetProperty("streamed").GetString().Should().Be("Hello from the fake upstream.");
    }

    /// <summary>Runs a scenario of openai-extra.mjs and checks it succeeded.</summary>
    private static async Task<JsonElement> Scenario(GatewayHarness h, string name)
    {
        var result = await NodeClient.RunAsync("openai-extra.mjs", [h.BaseUrl, name]);
        result.GetProperty("ok").GetBoolean().Should().BeTrue(result.ToString());
        return result;
    }
}
