using System.Net;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Fidelity;

/// <summary>What a client sends reaches the upstream intact: tools, tool choice, formats, parts, roles, names.</summary>
public sealed class RequestFidelityTests
{
    /// <summary>A tool list with strict mode, nested schema details and a dotted name.</summary>
    internal const string Tools = """[{"type":"function","function":{"name":"weather.get","description":"Weather for a city.","strict":true,"parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"},"unit":{"type":"string","enum":["c","f"]}},"required":["city","unit"],"additionalProperties":false}}},{"type":"function","function":{"name":"get-time","parameters":{"type":"object","properties":{}}}}]""";

    /// <summary>tools, every tool_choice form and parallel_tool_calls reach the upstream byte for byte.</summary>
    [Theory]
    [InlineData("\"auto\"")]
    [InlineData("\"none\"")]
    [InlineData("\"required\"")]
    [InlineData("""{"type":"function","function":{"name":"weather.get"}}""")]
    public async Task Tools_and_tool_choice_reach_upstream_untouched(string toolChoice)
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync($$$"""
            {"model":"fake-chat","messages":[{"role":"user","content":"weather?"}],"tools":{{{Tools}}},"tool_choice":{{{toolChoice}}},"parallel_tool_calls":false}
            """);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var sent = h.Upstream.Last.Json;
        sent.GetProperty("tools").GetRawText().Should().Be(Tools);
        sent.GetProperty("tool_choice").GetRawText().Should().Be(toolChoice);
        sent.GetProperty("parallel_tool_calls").GetBoolean().Should().BeFalse();
    }

    /// <summary>An assistant message with tool calls and the tool results are replayed upstream exactly.</summary>
    [Fact]
    public async Task Tool_history_is_replayed_exactly()
    {
        await using var h = await GatewayHarness.StartAsync();
        const string args1 = """{"city": "Oslo", "unit":"c"}""";

        var response = await h.Http.PostChatAsync($$$"""
            {"model":"fake-chat","tools":{{{Tools}}},"messages":[{"role":"user","content":"weather and time?"},
             {"role":"assistant","content":null,"tool_calls":[
               {"id":"call_a","type":"function","function":{"name":"weather.get","arguments":{{{JsonSerializer.Serialize(args1)}}}}},
               {"id":"call_b","type":"function","function":{"name":"get-time","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_a","content":"-5C"},
             {"role":"tool","tool_call_id":"call_b","content":[{"type":"text","text":"12:00"}]}]}
            """);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var messages = h.Upstream.Last.Json.GetProperty("messages");
        var calls = messages[1].GetProperty("tool_calls");
        calls.GetArrayLength().Should().Be(2);
        calls[0].GetProperty("id").GetString().Should().Be("call_a");
        calls[0].GetProperty("type").GetString().Should().Be("function");
        calls[0].GetProperty("function").GetProperty("name").GetString().Should().Be("weather.get");
        calls[0].GetProperty("function").GetProperty("arguments").GetString().Should().Be(args1);
        calls[1].GetProperty("function").GetProperty("name").GetString().Should().Be("get-time");
        messages[2].GetProperty("role").GetString().Should().Be("tool");
        messages[2].GetProperty("tool_call_id").GetString().Should().Be("call_a");
        messages[2].GetProperty("content").GetString().Should().Be("-5C");
        messages[3].GetProperty("tool_call_id").GetString().Should().Be("call_b");
        TextOf(messages[3].GetProperty("content")).Should().Be("12:00");
    }

    /// <summary>json_object and json_schema response formats reach the upstream verbatim (description and strict included).</summary>
    [Theory]
    [InlineData("""{"type":"json_object"}""")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"pet","description":"A pet name","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}}""")]
    public async Task Response_format_reaches_upstream_verbatim(string format)
    {
        await using var h = await GatewayHarness.StartAsync();

        await h.Http.PostChatAsync($$$"""{"model":"fake-chat","messages":[{"role":"user","content":"json please"}],"response_format":{{{format}}}}""");

        h.Upstream.Last.Json.GetProperty("response_format").GetRawText().Should().Be(format);
    }

    /// <summary>Image parts (data URL and http URL, with detail) reach the upstream as parts, not flattened text.</summary>
    [Fact]
    public async Task Image_parts_reach_upstream_as_parts_with_detail()
    {
        await using var h = await GatewayHarness.StartAsync();

        await h.Http.PostChatAsync("""
            {"model":"fake-chat","messages":[{"role":"user","content":[{"type":"text","text":"Compare"},
              {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/AAAA","detail":"high"}},
              {"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]}]}
            """);

        var content = h.Upstream.Last.Json.GetProperty("messages")[0].GetProperty("content");
        content.GetArrayLength().Should().Be(3);
        content[0].GetProperty("text").GetString().Should().Be("Compare");
        content[1].GetProperty("image_url").GetProperty("url").GetString().Should().Be("data:image/jpeg;base64,/9j/AAAA");
        content[1].GetProperty("image_url").GetProperty("detail").GetString().Should().Be("high");
        content[2].GetProperty("image_url").GetProperty("url").GetString().Should().Be("https://example.com/a.png");
        content[2].GetProperty("image_url").GetProperty("detail").GetString().Should().Be("low");
    }

    /// <summary>developer role and message names are forwarded.</summary>
    [Fact]
    public async Task Developer_role_and_names_are_forwarded()
    {
        await using var h = await GatewayHarness.StartAsync();

        await h.Http.PostChatAsync("""
            {"model":"fake-chat","messages":[{"role":"developer","content":"Rules."},{"role":"user","name":"alice","content":"hi"}],
             "metadata":{"team":"a"},"store":false,"service_tier":"auto"}
            """);

        var sent = h.Upstream.Last.Json;
        var messages = sent.GetProperty("messages");
        messages[0].GetProperty("role").GetString().Should().Be("developer");
        messages[0].GetProperty("content").GetString().Should().Be("Rules.");
        messages[1].GetProperty("name").GetString().Should().Be("alice");
        sent.GetProperty("metadata").GetRawText().Should().Be("""{"team":"a"}""");
        sent.GetProperty("store").GetBoolean().Should().BeFalse();
        sent.GetProperty("service_tier").GetString().Should().Be("auto");
    }

    /// <summary>input_audio parts reach the upstream as input_audio parts.</summary>
    [Fact]
    public async Task Input_audio_part_reaches_upstream()
    {
        await using var h = await GatewayHarness.StartAsync();

        (await h.Http.PostChatAsync("""
            {"model":"fake-chat","messages":[{"role":"user","content":[{"type":"text","text":"Transcribe"},{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}]}
            """)).StatusCode.Should().Be(HttpStatusCode.OK);

        var audio = h.Upstream.Last.Json.GetProperty("messages")[0].GetProperty("content")[1];
        audio.GetProperty("type").GetString().Should().Be("input_audio");
        audio.GetProperty("input_audio").GetProperty("data").GetString().Should().Be("UklGRg==");
        audio.GetProperty("input_audio").GetProperty("format").GetString().Should().Be("wav");
    }

    /// <summary>The text of content sent as a string or as text parts.</summary>
    private static string TextOf(JsonElement content) =>
        content.ValueKind == JsonValueKind.String ? content.GetString()! : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
}
