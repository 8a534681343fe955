using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Protocols.Responses;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>/v1/messages with an alias of an anthropic provider: the client's request passed through to a fake Anthropic upstream, still captured as llm turns.</summary>
public class MessagesPassThroughTests
{
    /// <summary>
    /// thinking config, cache_control and anthropic-beta reach the upstream untouched (model replaced by the upstream
    /// model); the client gets Anthropic's own message (signature kept) under the gateway's id; capture has reasoning and text.
    /// </summary>
    [Fact]
    public async Task Native_alias_passes_the_request_through_and_answers_with_the_upstream_message()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { Content = "Four.", Reasoning = "Two and two.", PromptTokens = 10, CachedTokens = 30, CompletionTokens = 5 };

        var (status, body) = await h.Http.MessagesJsonAsync("""
            {"model":"claude-fake","max_tokens":2000,"thinking":{"type":"enabled","budget_tokens":1024},
             "system":[{"type":"text","text":"Be exact.","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":[{"type":"text","text":"2+2?","cache_control":{"type":"ephemeral"}}]}]}
            """, "/v1/messages", ("anthropic-beta", "interleaved-thinking-2025-05-14"));

        status.Should().Be(200, body.ToString());
        body.GetProperty("id").GetString().Should().StartWith("msg_01").And.NotBe("msg_01FakeUpstream");
        body.GetProperty("model").GetString().Should().Be("claude-fake");
        body.GetProperty("content")[0].GetProperty("signature").GetString().Should().Be("sig-fake");
        body.GetProperty("content")[1].GetProperty("text").GetString().Should().Be("Four.");
        body.GetProperty("usage").GetProperty("cache_read_input_tokens").GetInt32().Should().Be(30);
        var sent = anthropic.Last;
        sent.Headers["anthropic-beta"].Should().Contain("interleaved-thinking-2025-05-14");
        sent.Headers["anthropic-version"].Should().Be("2023-06-01", "the client's API version is forwarded");
        sent.Headers["authorization"].Should().Be("Bearer " + GatewayHarness.UpstreamKey);
        var json = sent.Json;
        json.GetProperty("model").GetString().Should().Be("claude-upstream-model");
        json.GetProperty("thinking").GetProperty("budget_tokens").GetInt32().Should().Be(1024);
        json.GetProperty("system")[0].GetProperty("cache_control").GetProperty("type").GetString().Should().Be("ephemeral");
        json.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("cache_control").GetProperty("type").GetString().Should().Be("ephemeral");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT text FROM parts WHERE type = 'reasoning'").Should().Be("Two and two.");
        Db.Scalar(h.DatabasePath, "SELECT response FROM turn_search").Should().Be("Four.");
        Db.Scalar(h.DatabasePath, "SELECT input_tokens FROM turns").Should().Be(40L);
        Db.Scalar(h.DatabasePath, "SELECT request_id FROM prompt_capture_requests").Should().Be(body.GetProperty("id").GetString());
    }

    /// <summary>A streamed native answer: the upstream's events relayed (signature_delta included), the capture folded from them.</summary>
    [Fact]
    public async Task Native_stream_relays_the_upstream_events()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { Content = "one two", Reasoning = "hmm" };

        using var response = await h.Http.PostMessagesAsync("""{"model":"claude-fake","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Count"}]}""");
        var events = ResponsesHttp.Events(await response.Content.ReadAsStringAsync());

        events[0].Name.Should().Be("message_start");
        events[0].Data.GetProperty("message").GetProperty("model").GetString().Should().Be("claude-fake");
        events.Should().Contain(e => e.Name == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("type").GetString() == "signature_delta");
        events.Count(e => e.Name == "message_stop").Should().Be(1);
        events.Count(e => e.Name == "message_delta").Should().Be(1);
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT response FROM turn_search").Should().Be("one two");
        Db.Scalar(h.DatabasePath, "SELECT text FROM parts WHERE type = 'reasoning'").Should().Be("hmm");
    }

    /// <summary>A native tool_use answer and its tool_result turn: both pass through, the capture has the call and result in one conversation.</summary>
    [Fact]
    public async Task Native_tool_use_round_trip_is_captured()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.Enqueue(new FakeReply { Content = "", ToolCalls = [("toolu_01B", "get_weather", """{"city":"Oslo"}""")] }, new FakeReply { Content = "Cold." });
        const string tools = """ "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},{"type":"web_search_20250305","name":"web_search"}] """;

        var (_, first) = await h.Http.MessagesJsonAsync($$"""{"model":"claude-fake","max_tokens":100,{{tools}},"messages":[{"role":"user","content":"Weather in Oslo?"}]}""");
        first.GetProperty("stop_reason").GetString().Should().Be("tool_use");
        anthropic.Last.Json.GetProperty("tools")[1].GetProperty("type").GetString().Should().Be("web_search_20250305", "server tools go to a native upstream");
        var (status, second) = await h.Http.MessagesJsonAsync($$"""
            {"model":"claude-fake","max_tokens":100,{{tools}},"messages":[{"role":"user","content":"Weather in Oslo?"},
              {"role":"assistant","content":{{first.GetProperty("content").GetRawText()}}},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01B","content":"-5C"}]}]}
            """);

        status.Should().Be(200, second.ToString());
        second.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Cold.");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(DISTINCT thread_id) FROM turns").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM parts WHERE type = 'tool_call'").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM parts WHERE type = 'tool_result'").Should().Be(1L);
    }

    /// <summary>count_tokens for a native alias is the upstream's own count.</summary>
    [Fact]
    public async Task Native_count_tokens_asks_the_upstream()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.CountTokens = 4242;

        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"claude-fake","messages":[{"role":"user","content":"Hi"}]}""", "/v1/messages/count_tokens");

        status.Should().Be(200, body.ToString());
        body.GetProperty("input_tokens").GetInt64().Should().Be(4242);
        anthropic.Last.Path.Should().StartWith("/v1/messages/count_tokens");
        anthropic.Last.Json.GetProperty("model").GetString().Should().Be("claude-upstream-model");
    }

    /// <summary>An Anthropic-compatible upstream without count_tokens (404): the tokenizer estimate answers instead of an error.</summary>
    [Fact]
    public async Task Native_count_tokens_falls_back_to_the_estimate_when_the_upstream_cannot_count()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.CountTokens = null;

        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"claude-fake","messages":[{"role":"user","content":"Hello there"}]}""", "/v1/messages/count_tokens");

        status.Should().Be(200, body.ToString());
        body.GetProperty("input_tokens").GetInt64().Should().BeInRange(2, 20);
        anthropic.Requests.Should().ContainSingle();
    }

    /// <summary>An Anthropic 429 reaches the Messages client as a 429 rate_limit_error with the upstream's message.</summary>
    [Fact]
    public async Task Native_error_status_is_an_anthropic_error()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { ErrorStatus = 429, ErrorMessage = "Too many requests to Claude." };

        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"claude-fake","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""");

        status.Should().Be(429);
        var (type, message) = MessagesHttp.Error(body);
        type.Should().Be("rate_limit_error");
        message.Should().Contain("Too many requests to Claude.");
    }
}
