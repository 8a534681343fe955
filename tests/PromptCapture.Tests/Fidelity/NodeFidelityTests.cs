using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Fidelity;

/// <summary>The npm openai package through the gateway: tools, structured output, images and reasoning, checked on both ends.</summary>
public sealed class NodeFidelityTests
{
    /// <summary>A full tool round trip, first call non-streaming, follow-up streaming; parallel calls; tool_choice named.</summary>
    [Fact]
    public async Task Npm_tool_round_trip_streaming_and_not()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(
            new FakeReply { Content = "", ToolCalls = [("call_1", "get_weather", """{"city":"Oslo"}"""), ("call_2", "get_time", "{}")] },
            new FakeReply { Content = "Cold, and noon." });
        const string tools = """[{"type":"function","function":{"name":"get_weather","strict":true,"parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}},{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]""";

        var first = await NodeClient.SendAsync(h.BaseUrl, $$$"""
            {"model":"fake-chat","tools":{{{tools}}},"tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":true,
             "messages":[{"role":"user","content":"Weather and time in Oslo?"}]}
            """);
        var message = first.GetProperty("completion").GetProperty("choices")[0].GetProperty("message");
        var second = await NodeClient.SendAsync(h.BaseUrl, $$$"""
            {"model":"fake-chat","stream":true,"tools":{{{tools}}},"messages":[{"role":"user","content":"Weather and time in Oslo?"},
             {{{message.GetRawText()}}},
             {"role":"tool","tool_call_id":"call_1","content":"-5C"},{"role":"tool","tool_call_id":"call_2","content":"12:00"}]}
            """);

        first.GetProperty("completion").GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("tool_calls");
        message.GetProperty("tool_calls").GetArrayLength().Should().Be(2);
        var sentFirst = h.Upstream.Requests.First().Json;
        sentFirst.GetProperty("tools").GetRawText().Should().Be(tools);
        sentFirst.GetProperty("tool_choice").GetRawText().Should().Be("""{"type":"function","function":{"name":"get_weather"}}""");
        var text = string.Concat(second.GetProperty("chunks").EnumerateArray().Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : ""));
        text.Should().Be("Cold, and noon.");
        var replayed = h.Upstream.Last.Json.GetProperty("messages");
        replayed[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString().Should().Be("""{"city":"Oslo"}""");
        replayed[2].GetProperty("tool_call_id").GetString().Should().Be("call_1");
        replayed[3].GetProperty("content").GetString().Should().Be("12:00");
    }

    /// <summary>Streamed tool-call deltas parse in the npm SDK with index, id and name first, then argument pieces.</summary>
    [Fact]
    public async Task Npm_streamed_tool_call_deltas()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "", ToolCalls = [("call_7", "get_weather", """{"city":"Rome"}""")] };

        var result = await NodeClient.SendAsync(h.BaseUrl, """
            {"model":"fake-chat","stream":true,"tool_choice":"required","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
             "messages":[{"role":"user","content":"Rome?"}]}
            """);

        var calls = result.GetProperty("chunks").EnumerateArray().Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("tool_calls", out var _)).SelectMany(d => d.GetProperty("tool_calls").EnumerateArray()).ToList();
        calls[0].GetProperty("id").GetString().Should().Be("call_7");
        calls[0].GetProperty("function").GetProperty("name").GetString().Should().Be("get_weather");
        string.Concat(calls.Select(c => c.GetProperty("function").GetProperty("arguments").GetString())).Should().Be("""{"city":"Rome"}""");
        h.Upstream.Last.Json.GetProperty("tool_choice").GetString().Should().Be("required");
    }

    /// <summary>json_schema, an image data URL and reasoning content, each checked at the client and at the upstream.</summary>
    [Fact]
    public async Task Npm_json_schema_image_and_reasoning()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(
            new FakeReply { Content = """{"name":"Percy"}""" },
            new FakeReply { Content = "A red square." },
            new FakeReply { Reasoning = "Thinking hard.", Content = "42" });
        const string format = """{"type":"json_schema","json_schema":{"name":"pet","description":"A pet","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}}""";
        const string image = "data:image/png;base64,iVBORw0KGgo=";

        var json = await NodeClient.SendAsync(h.BaseUrl, $$$"""{"model":"fake-chat","response_format":{{{format}}},"messages":[{"role":"user","content":"pet"}]}""");
        var sentFormat = h.Upstream.Last.Json.GetProperty("response_format").GetRawText();
        var picture = await NodeClient.SendAsync(h.BaseUrl, $$$"""
            {"model":"fake-chat","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"{{{image}}}","detail":"low"}}]}]}
            """);
        var sentImage = h.Upstream.Last.Json.GetProperty("messages")[0].GetProperty("content")[1].GetProperty("image_url");
        var reasoning = await NodeClient.SendAsync(h.BaseUrl, """{"model":"fake-reasoner","messages":[{"role":"user","content":"meaning?"}]}""");

        JsonDocument.Parse(json.GetProperty("completion").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!)
            .RootElement.GetProperty("name").GetString().Should().Be("Percy");
        sentFormat.Should().Be(format);
        picture.GetProperty("completion").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("A red square.");
        sentImage.GetProperty("url").GetString().Should().Be(image);
        sentImage.GetProperty("detail").GetString().Should().Be("low");
        var answer = reasoning.GetProperty("completion").GetProperty("choices")[0].GetProperty("message");
        answer.GetProperty("reasoning_content").GetString().Should().Be("Thinking hard.");
        answer.GetProperty("content").GetString().Should().Be("42");
    }
}
