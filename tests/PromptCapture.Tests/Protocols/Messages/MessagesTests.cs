using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>POST /v1/messages over raw HTTP against the fake chat upstream: Anthropic's shapes, the translation upstream, capture.</summary>
public class MessagesTests
{
    /// <summary>System blocks (with cache_control) and a string message reach a chat provider as system and user messages.</summary>
    [Fact]
    public async Task Message_answers_in_anthropic_shape_with_the_alias_and_usage()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { PromptTokens = 20, CachedTokens = 5, CompletionTokens = 7 };
        var (status, body) = await h.Http.MessagesJsonAsync("""
            {"model":"fake-chat","max_tokens":50,"temperature":0.3,"stop_sequences":["END"],"metadata":{"user_id":"u-1"},
             "system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Be kind.","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"Hello?"}]}
            """);

        status.Should().Be(200, body.ToString());
        body.GetProperty("id").GetString().Should().MatchRegex("^msg_01[0-9A-Za-z]{22}$");
        body.GetProperty("type").GetString().Should().Be("message");
        body.GetProperty("role").GetString().Should().Be("assistant");
        body.GetProperty("model").GetString().Should().Be("fake-chat");
        var block = body.GetProperty("content").EnumerateArray().Should().ContainSingle().Subject;
        block.GetProperty("type").GetString().Should().Be("text");
        block.GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        body.GetProperty("stop_reason").GetString().Should().Be("end_turn");
        body.GetProperty("stop_sequence").ValueKind.Should().Be(JsonValueKind.Null);
        var usage = body.GetProperty("usage");
        usage.GetProperty("input_tokens").GetInt64().Should().Be(15);
        usage.GetProperty("cache_read_input_tokens").GetInt64().Should().Be(5);
        usage.GetProperty("cache_creation_input_tokens").GetInt64().Should().Be(0);
        usage.GetProperty("output_tokens").GetInt64().Should().Be(7);

        var upstream = h.Upstream.Last.Json;
        upstream.GetProperty("model").GetString().Should().Be("upstream-chat-model");
        upstream.GetProperty("messages")[0].GetProperty("role").GetString().Should().Be("system");
        upstream.GetProperty("messages")[0].GetProperty("content").GetString().Should().Be("Be brief.\n\nBe kind.");
        upstream.GetProperty("messages")[1].GetProperty("content").GetString().Should().Be("Hello?");
        upstream.GetProperty("max_tokens").GetInt32().Should().Be(50);
        upstream.GetProperty("temperature").GetDouble().Should().BeApproximately(0.3, 1e-6);
        upstream.GetProperty("stop")[0].GetString().Should().Be("END");
        upstream.GetProperty("user").GetString().Should().Be("u-1");
        upstream.TryGetProperty("metadata", out _).Should().BeFalse("Anthropic's metadata is not a chat-completions field");

        await h.FlushAsync();
        var row = Db.Rows(h.DatabasePath, "SELECT front_door, request_id FROM prompt_capture_requests").Should().ContainSingle().Subject;
        row["front_door"].Should().Be("messages");
        row["request_id"].Should().Be(body.GetProperty("id").GetString());
        Db.Scalar(h.DatabasePath, "SELECT prompt FROM turn_search").Should().Be("Hello?");
    }

    /// <summary>
    /// A tool_use answer, then the client's tool_result in the next request: the upstream sees the call replayed and a
    /// tool message; the capture holds tool_call and tool_result parts and both turns form one conversation.
    /// </summary>
    [Fact]
    public async Task Tool_round_trip_maps_tool_use_and_tool_result_and_continues_the_conversation()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_1", "get_weather", """{"city":"Paris"}""")] },
            new FakeReply { Content = "It is sunny in Paris." });
        const string tools = """
            "tools":[{"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"cache_control":{"type":"ephemeral"}}],
            "tool_choice":{"type":"any","disable_parallel_tool_use":true}
            """;
        var (status, first) = await h.Http.MessagesJsonAsync($$"""
            {"model":"fake-chat","max_tokens":100,{{tools}},"messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}]}
            """);

        status.Should().Be(200, first.ToString());
        first.GetProperty("stop_reason").GetString().Should().Be("tool_use");
        var use = first.GetProperty("content").EnumerateArray().Should().ContainSingle().Subject;
        use.GetProperty("type").GetString().Should().Be("tool_use");
        use.GetProperty("id").GetString().Should().Be("call_1");
        use.GetProperty("name").GetString().Should().Be("get_weather");
        use.GetProperty("input").GetProperty("city").GetString().Should().Be("Paris");
        var sent = h.Upstream.Last.Json;
        sent.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("required")[0].GetString().Should().Be("city");
        sent.GetProperty("tool_choice").GetString().Should().Be("required");
        sent.GetProperty("parallel_tool_calls").GetBoolean().Should().BeFalse();

        var (status2, second) = await h.Http.MessagesJsonAsync($$"""
            {"model":"fake-chat","max_tokens":100,{{tools}},"messages":[
              {"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]},
              {"role":"assistant","content":{{first.GetProperty("content").GetRawText()}}},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"sunny"}]}]}]}
            """);

        status2.Should().Be(200, second.ToString());
        second.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("It is sunny in Paris.");
        var replay = h.Upstream.Last.Json.GetProperty("messages");
        replay[1].GetProperty("tool_calls")[0].GetProperty("id").GetString().Should().Be("call_1");
        replay[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString().Should().Be("""{"city":"Paris"}""");
        replay[2].GetProperty("role").GetString().Should().Be("tool");
        replay[2].GetProperty("tool_call_id").GetString().Should().Be("call_1");
        replay[2].GetProperty("content").GetString().Should().Be("sunny");

        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(DISTINCT thread_id) FROM turns").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM parts WHERE type = 'tool_call'").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM parts WHERE type = 'tool_result'").Should().Be(1L);
    }

    /// <summary>A reasoner's answer comes back as a thinking block; resent thinking is captured as reasoning but never sent upstream.</summary>
    [Fact]
    public async Task Reasoning_is_a_thinking_block_and_resent_thinking_stays_out_of_the_upstream_request()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "Four.", Reasoning = "Two plus two." });
        var (_, first) = await h.Http.MessagesJsonAsync("""
            {"model":"fake-reasoner","max_tokens":100,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"2+2?"}]}
            """);

        var content = first.GetProperty("content");
        content[0].GetProperty("type").GetString().Should().Be("thinking");
        content[0].GetProperty("thinking").GetString().Should().Be("Two plus two.");
        content[0].GetProperty("signature").GetString().Should().BeEmpty();
        content[1].GetProperty("text").GetString().Should().Be("Four.");
        h.Upstream.Last.Json.TryGetProperty("thinking", out _).Should().BeFalse();

        var (status, _) = await h.Http.MessagesJsonAsync("""
            {"model":"fake-reasoner","max_tokens":100,"messages":[{"role":"user","content":"2+2?"},
              {"role":"assistant","content":[{"type":"thinking","thinking":"Two plus two.","signature":"sig"},{"type":"redacted_thinking","data":"xyz"},{"type":"text","text":"Four."}]},
              {"role":"user","content":"And 3+3?"}]}
            """);

        status.Should().Be(200);
        var assistant = h.Upstream.Last.Json.GetProperty("messages")[1];
        assistant.GetProperty("content").GetString().Should().Be("Four.");
        assistant.TryGetProperty("reasoning_content", out _).Should().BeFalse();
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(DISTINCT thread_id) FROM turns").Should().Be(1L);
    }

    /// <summary>Base64 and URL images become attachments in the capture and image parts upstream.</summary>
    [Fact]
    public async Task Images_reach_the_upstream_and_the_capture()
    {
        await using var h = await GatewayHarness.StartAsync();
        var png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var (status, body) = await h.Http.MessagesJsonAsync($$$"""
            {"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{png}}}"}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
              {"type":"text","text":"What are these?"}]}]}
            """);

        status.Should().Be(200, body.ToString());
        var parts = h.Upstream.Last.Json.GetProperty("messages")[0].GetProperty("content");
        parts[0].GetProperty("image_url").GetProperty("url").GetString().Should().Be("data:image/png;base64," + png);
        parts[1].GetProperty("image_url").GetProperty("url").GetString().Should().Be("https://example.com/cat.jpg");
        parts[2].GetProperty("text").GetString().Should().Be("What are these?");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM attachments").Should().Be(2L);
    }

    /// <summary>Claude Code's session header lands in prompt_capture_requests.session_id.</summary>
    [Fact]
    public async Task Claude_code_session_header_is_recorded()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _) = await h.Http.MessagesJsonAsync("""{"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""",
            "/v1/messages?beta=true", ("X-Claude-Code-Session-Id", "session-42"));

        status.Should().Be(200);
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT session_id FROM prompt_capture_requests").Should().Be("session-42");
    }

    /// <summary>
    /// A user turn whose last block is not text (Claude Code puts reminders and the prompt in several text blocks, a
    /// later one may only carry an image) still records the user's text as the prompt.
    /// </summary>
    [Fact]
    public async Task Prompt_is_the_user_text_of_a_block_list()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _) = await h.Http.MessagesJsonAsync("""
            {"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"text","text":"<system-reminder>ctx</system-reminder>"},{"type":"text","text":"Fix the bug","cache_control":{"type":"ephemeral"}}]}]}
            """);

        status.Should().Be(200);
        await h.FlushAsync();
        ((string)Db.Scalar(h.DatabasePath, "SELECT prompt FROM turn_search")!).Should().Contain("Fix the bug");
    }
}
