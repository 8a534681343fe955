using System.Net;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Fidelity;

/// <summary>
/// Multi-turn chats through the gateway stay one llm thread even though clients resend history differently from how
/// it was captured: no reasoning echoed back, content as parts instead of a string, content null beside tool calls.
/// </summary>
public sealed class ConversationCaptureTests
{
    /// <summary>A 3-turn reasoning chat: each answer's reasoning is captured as a reasoning part; the client never echoes it.</summary>
    [Fact]
    public async Task Three_turn_reasoning_chat_is_one_thread()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(
            new FakeReply { Reasoning = "Pelicans are dignified.", Content = "Percy." },
            new FakeReply { Reasoning = "Walruses are stout.", Content = "Wallace." },
            new FakeReply { Reasoning = "Both alliterate.", Content = "Both." });

        (await h.Http.PostChatAsync("""{"model":"fake-reasoner","messages":[{"role":"user","content":"Name a pelican"}]}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        // Turn 2 streams; the client resends the answer as a content-part list.
        (await h.Http.PostChatAsync("""
            {"model":"fake-reasoner","stream":true,"messages":[{"role":"user","content":"Name a pelican"},
             {"role":"assistant","content":[{"type":"text","text":"Percy."}]},{"role":"user","content":"Now a walrus"}]}
            """)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await h.Http.PostChatAsync("""
            {"model":"fake-reasoner","messages":[{"role":"user","content":"Name a pelican"},{"role":"assistant","content":"Percy."},
             {"role":"user","content":"Now a walrus"},{"role":"assistant","content":"Wallace."},{"role":"user","content":"Which is better?"}]}
            """)).StatusCode.Should().Be(HttpStatusCode.OK);
        await h.FlushAsync();

        Db.Rows(h.DatabasePath, "select thread_id from turns").Select(r => r["thread_id"]).Should().HaveCount(3).And.OnlyContain(t => Equals(t, Db.Scalar(h.DatabasePath, "select id from threads")));
        Db.Scalar(h.DatabasePath, "select count(*) from threads").Should().Be(1L);
        Db.Rows(h.DatabasePath, "select text from parts where type = 'reasoning' order by id").Select(r => r["text"])
            .Should().Equal("Pelicans are dignified.", "Walruses are stout.", "Both alliterate.");
        // The upstream never receives reasoning back.
        h.Upstream.Requests.Should().OnlyContain(r => !r.Body.Contains("dignified", StringComparison.Ordinal));
    }

    /// <summary>A 3-turn tool chat: call, result, answer, next question; the client sends content null beside tool calls.</summary>
    [Fact]
    public async Task Three_turn_tool_chat_is_one_thread()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(
            new FakeReply { Content = "", ToolCalls = [("call_1", "get_weather", """{"city":"Oslo"}""")] },
            new FakeReply { Content = "It is -5C in Oslo." },
            new FakeReply { Content = "Wear a coat." });
        const string tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
        const string call = """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]}""";

        await h.Http.PostChatAsync($$$"""{"model":"fake-chat","tools":{{{tools}}},"messages":[{"role":"user","content":"Weather in Oslo?"}]}""");
        await h.Http.PostChatAsync($$$"""{"model":"fake-chat","stream":true,"tools":{{{tools}}},"messages":[{"role":"user","content":"Weather in Oslo?"},{{{call}}},{"role":"tool","tool_call_id":"call_1","content":"-5C"}]}""");
        await h.Http.PostChatAsync($$$"""
            {"model":"fake-chat","tools":{{{tools}}},"messages":[{"role":"user","content":"Weather in Oslo?"},{{{call}}},{"role":"tool","tool_call_id":"call_1","content":"-5C"},
             {"role":"assistant","content":"It is -5C in Oslo."},{"role":"user","content":"What should I wear?"}]}
            """);
        await h.FlushAsync();

        Db.Scalar(h.DatabasePath, "select count(*) from turns").Should().Be(3L);
        Db.Scalar(h.DatabasePath, "select count(*) from threads").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "select count(*) from parts where type = 'tool_call'").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "select count(*) from parts where type = 'tool_result'").Should().Be(1L);
        var tip = (string)Db.Scalar(h.DatabasePath, "select tip_message_hash from threads")!;
        Db.Scalar(h.DatabasePath, $"select text from parts where message_hash = '{tip}'").Should().Be("Wear a coat.");
    }

    /// <summary>A json_schema response format is captured in llm's schemas table and linked from the turn.</summary>
    [Fact]
    public async Task Json_schema_is_captured_in_schemas_table()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = """{"name":"Percy"}""" };

        await h.Http.PostChatAsync("""
            {"model":"fake-chat","messages":[{"role":"user","content":"A pelican name as JSON"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"pet","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}}
            """);
        await h.FlushAsync();

        var schema = Db.Rows(h.DatabasePath, "select * from schemas").Single();
        schema["content"].Should().Be("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""");
        Db.Scalar(h.DatabasePath, "select schema_id from turns").Should().Be(schema["id"]);
    }
}
