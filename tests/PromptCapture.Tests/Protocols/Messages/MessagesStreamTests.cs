using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Protocols.Responses;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>
/// Runs apart from every other test: one test here shortens the process-wide ping interval, which would add pings to
/// any Messages stream another class had open at that moment.
/// </summary>
[CollectionDefinition(nameof(PingIntervalCollection), DisableParallelization = true)]
public sealed class PingIntervalCollection;

/// <summary>POST /v1/messages with stream:true: Anthropic's named events, block by block, and failures mid-stream.</summary>
[Collection(nameof(PingIntervalCollection))]
public class MessagesStreamTests
{
    /// <summary>Reasoning then text: message_start, ping, a thinking block, a text block, message_delta with usage, message_stop.</summary>
    [Fact]
    public async Task Stream_follows_anthropics_event_sequence()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "One two three", Reasoning = "Counting now." });
        using var response = await h.Http.PostMessagesAsync("""{"model":"fake-reasoner","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Count"}]}""");

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = ResponsesHttp.Events(await response.Content.ReadAsStringAsync());
        events.Select(e => e.Name).Distinct().Should().Equal(
            "message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        var start = events[0].Data.GetProperty("message");
        start.GetProperty("id").GetString().Should().StartWith("msg_01");
        start.GetProperty("model").GetString().Should().Be("fake-reasoner");
        start.GetProperty("content").GetArrayLength().Should().Be(0);
        start.GetProperty("stop_reason").ValueKind.Should().Be(JsonValueKind.Null);
        var blocks = events.Where(e => e.Name == "content_block_start").Select(e => e.Data).ToList();
        blocks.Should().HaveCount(2);
        blocks[0].GetProperty("index").GetInt32().Should().Be(0);
        blocks[0].GetProperty("content_block").GetProperty("type").GetString().Should().Be("thinking");
        blocks[1].GetProperty("index").GetInt32().Should().Be(1);
        blocks[1].GetProperty("content_block").GetProperty("type").GetString().Should().Be("text");
        var deltas = events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta")).ToList();
        string.Concat(deltas.Where(d => d.GetProperty("type").GetString() == "thinking_delta").Select(d => d.GetProperty("thinking").GetString())).Should().Be("Counting now.");
        string.Concat(deltas.Where(d => d.GetProperty("type").GetString() == "text_delta").Select(d => d.GetProperty("text").GetString())).Should().Be("One two three");
        events.Where(e => e.Name == "content_block_stop").Select(e => e.Data.GetProperty("index").GetInt32()).Should().Equal(0, 1);
        var delta = events.Single(e => e.Name == "message_delta").Data;
        delta.GetProperty("delta").GetProperty("stop_reason").GetString().Should().Be("end_turn");
        delta.GetProperty("usage").GetProperty("output_tokens").GetInt64().Should().Be(7);
        delta.GetProperty("usage").GetProperty("input_tokens").GetInt64().Should().Be(11);
        events[^1].Name.Should().Be("message_stop");

        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT response FROM turn_search").Should().Be("One two three");
        Db.Scalar(h.DatabasePath, "SELECT stream FROM prompt_capture_requests").Should().Be(1L);
    }

    /// <summary>A streamed tool call is a tool_use block fed by input_json_delta, and the stop reason is tool_use.</summary>
    [Fact]
    public async Task Streamed_tool_call_is_a_tool_use_block_with_input_json_deltas()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_9", "get_weather", """{"city":"Oslo"}""")] });
        using var response = await h.Http.PostMessagesAsync("""
            {"model":"fake-chat","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Weather?"}],
             "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """);

        var events = ResponsesHttp.Events(await response.Content.ReadAsStringAsync());
        var start = events.Single(e => e.Name == "content_block_start").Data.GetProperty("content_block");
        start.GetProperty("type").GetString().Should().Be("tool_use");
        start.GetProperty("id").GetString().Should().Be("call_9");
        start.GetProperty("name").GetString().Should().Be("get_weather");
        start.GetProperty("input").EnumerateObject().Should().BeEmpty();
        var json = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta"))
            .Where(d => d.GetProperty("type").GetString() == "input_json_delta").Select(d => d.GetProperty("partial_json").GetString()));
        JsonDocument.Parse(json).RootElement.GetProperty("city").GetString().Should().Be("Oslo");
        events.Single(e => e.Name == "message_delta").Data.GetProperty("delta").GetProperty("stop_reason").GetString().Should().Be("tool_use");

        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM parts WHERE type = 'tool_call'").Should().Be(1L);
    }

    /// <summary>An upstream cut after the first chunk ends the stream with an error event, no message_stop; the failure is recorded.</summary>
    [Fact]
    public async Task Failure_after_the_first_byte_ends_with_an_error_event()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "one two three four", CutAfterChunks = 3, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        using var response = await h.Http.PostMessagesAsync("""{"model":"fake-chat","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        ((int)response.StatusCode).Should().Be(200);
        var text = await response.Content.ReadAsStringAsync();
        var events = ResponsesHttp.Events(text);
        events[0].Name.Should().Be("message_start", text);
        events[^1].Name.Should().Be("error", text);
        events[^1].Data.GetProperty("error").GetProperty("type").GetString().Should().Be("api_error");
        events.Should().NotContain(e => e.Name == "message_stop");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM prompt_capture_failures").Should().Be(1L);
    }

    /// <summary>A failure before anything was sent is a plain Anthropic error answer with the upstream's status.</summary>
    [Fact]
    public async Task Failure_before_the_first_byte_is_a_plain_error_answer()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 429, ErrorMessage = "slow down" };
        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"fake-chat","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        status.Should().Be(429);
        MessagesHttp.Error(body).Type.Should().Be("rate_limit_error");
    }

    /// <summary>An upstream that goes quiet mid-stream gets pings sent to the client until it speaks again.</summary>
    [Fact]
    public async Task Silent_upstream_gets_pings_while_the_client_waits()
    {
        var interval = PromptCapture.Protocols.AnthropicMessages.MessagesEndpoint.PingInterval;
        PromptCapture.Protocols.AnthropicMessages.MessagesEndpoint.PingInterval = TimeSpan.FromMilliseconds(50);
        try
        {
            await using var h = await GatewayHarness.StartAsync();
            var release = new TaskCompletionSource();
            h.Upstream.Enqueue(new FakeReply { Content = "one two", HoldAfterFirstChunk = release.Task });
            using var response = await h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = new StringContent("""{"model":"fake-chat","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
            }, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var pings = 0;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (pings < 3 && await reader.ReadLineAsync(deadline.Token) is { } line)
                if (line == "event: ping")
                    pings++;
            release.SetResult();
            var rest = await reader.ReadToEndAsync(deadline.Token);
            pings.Should().Be(3);
            rest.Should().Contain("event: message_stop");
        }
        finally
        {
            PromptCapture.Protocols.AnthropicMessages.MessagesEndpoint.PingInterval = interval;
        }
    }
}
