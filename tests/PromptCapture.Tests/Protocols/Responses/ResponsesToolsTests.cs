using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Responses;

/// <summary>The tool and format shapes agents send (Codex: namespace tools, custom tools, web_search) through a chat upstream.</summary>
public class ResponsesToolsTests
{
    /// <summary>Codex's request shape: namespaced functions flattened, a custom tool made a one-string function, web_search left out.</summary>
    [Fact]
    public async Task Agent_tools_reach_a_chat_upstream_as_functions_and_come_back_in_their_own_shape()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply
        {
            Content = "",
            ToolCalls = [("call_1", "agents__spawn", """{"task":"x"}"""), ("call_2", "apply_patch", """{"input":"*** Begin Patch"}""")],
        });
        using var response = await h.Http.PostResponsesAsync("""
            {"model":"fake-chat","input":"go","tools":[
              {"type":"namespace","name":"agents","description":"Sub-agents","tools":[{"type":"function","name":"spawn","parameters":{"type":"object","properties":{"task":{"type":"string"}}}}]},
              {"type":"custom","name":"apply_patch","description":"Apply a patch","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}},
              {"type":"web_search","external_web_access":false}]}
            """);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.Headers.GetValues("X-PromptCapture-Omitted-Tools").Should().Equal("web_search");
        var tools = h.Upstream.Last.Json.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString());
        tools.Should().Equal("agents__spawn", "apply_patch");
        var custom = h.Upstream.Last.Json.GetProperty("tools")[1].GetProperty("function").GetProperty("parameters");
        custom.GetProperty("required")[0].GetString().Should().Be("input");
        custom.GetProperty("properties").GetProperty("input").GetProperty("description").GetString().Should().Contain("start: /.+/");

        var output = body.GetProperty("output");
        output[0].GetProperty("type").GetString().Should().Be("function_call");
        output[0].GetProperty("name").GetString().Should().Be("spawn");
        output[0].GetProperty("namespace").GetString().Should().Be("agents");
        output[1].GetProperty("type").GetString().Should().Be("custom_tool_call");
        output[1].GetProperty("input").GetString().Should().Be("*** Begin Patch");
        output[1].GetProperty("call_id").GetString().Should().Be("call_2");
    }

    /// <summary>Resent custom and namespaced calls go back upstream under the names the upstream used.</summary>
    [Fact]
    public async Task Resent_agent_tool_calls_replay_under_upstream_names()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Http.PostResponsesAsync("""
            {"model":"fake-chat","input":[
              {"role":"user","content":"go"},
              {"type":"function_call","call_id":"c1","name":"spawn","namespace":"agents","arguments":"{}"},
              {"type":"custom_tool_call","call_id":"c2","name":"apply_patch","input":"patch text"},
              {"type":"function_call_output","call_id":"c1","output":"spawned"},
              {"type":"custom_tool_call_output","call_id":"c2","output":"applied"}]}
            """);
        var messages = h.Upstream.Last.Json.GetProperty("messages");
        var calls = messages[1].GetProperty("tool_calls");
        calls[0].GetProperty("function").GetProperty("name").GetString().Should().Be("agents__spawn");
        calls[1].GetProperty("function").GetProperty("name").GetString().Should().Be("apply_patch");
        calls[1].GetProperty("function").GetProperty("arguments").GetString().Should().Be("""{"input":"patch text"}""");
        messages[2].GetProperty("tool_call_id").GetString().Should().Be("c1");
        messages[3].GetProperty("content").GetString().Should().Be("applied");
    }

    /// <summary>text.format json_schema becomes chat's response_format, the schema is captured, and a cut answer is incomplete.</summary>
    [Fact]
    public async Task Structured_output_maps_to_response_format_and_length_is_incomplete()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "{\"name\":", FinishReason = "length" });
        var (status, body) = await h.Http.ResponsesJsonAsync("""
            {"model":"fake-chat","input":"A name","max_output_tokens":5,
             "text":{"format":{"type":"json_schema","name":"person","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}
            """);

        status.Should().Be(200);
        body.GetProperty("status").GetString().Should().Be("incomplete");
        body.GetProperty("incomplete_details").GetProperty("reason").GetString().Should().Be("max_output_tokens");
        var format = h.Upstream.Last.Json.GetProperty("response_format");
        format.GetProperty("type").GetString().Should().Be("json_schema");
        format.GetProperty("json_schema").GetProperty("name").GetString().Should().Be("person");
        format.GetProperty("json_schema").GetProperty("strict").GetBoolean().Should().BeTrue();
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM turns WHERE schema_id IS NOT NULL").Should().Be(1L);
    }
}
