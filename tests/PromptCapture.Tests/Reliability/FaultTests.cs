using System.Net;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>One test per upstream fault: what the client sees and what is captured.</summary>
public sealed class FaultTests
{
    /// <summary>A 503 then a success: retried with backoff, the client sees only the success.</summary>
    [Fact]
    public async Task Upstream_503_is_retried_then_succeeds()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { ErrorStatus = 503 }, new FakeReply { Content = "second try" });

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("second try");
        h.Upstream.Requests.Should().HaveCount(2);
    }

    /// <summary>A 429 with Retry-After: 1 is retried no sooner than one second later.</summary>
    [Fact]
    public async Task Upstream_429_honours_retry_after()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { ErrorStatus = 429, Headers = new Dictionary<string, string> { ["Retry-After"] = "1" } }, new FakeReply { Content = "after waiting" });

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: true));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("waiting").And.Contain("[DONE]");
        var arrivals = h.Upstream.Arrivals.ToArray();
        arrivals.Should().HaveCount(2);
        (arrivals[1] - arrivals[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
    }

    /// <summary>A Retry-After longer than the provider allows is not waited for: the 429 goes back at once.</summary>
    [Fact]
    public async Task Long_retry_after_is_not_waited_for()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 429, ErrorMessage = "come back in two minutes", Headers = new Dictionary<string, string> { ["Retry-After"] = "120" } };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await response.Content.ReadAsStringAsync()).Should().Contain("come back in two minutes");
        h.Upstream.Requests.Should().HaveCount(1);
    }

    /// <summary>A reset connection is retried, then answered 502 when it keeps happening.</summary>
    [Fact]
    public async Task Reset_connection_is_502_after_retries()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ResetConnection = true };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        h.Upstream.Requests.Should().HaveCount(3);
        await h.FlushAsync();
        Db.Rows(h.DatabasePath, "select * from prompt_capture_failures").Single()["http_status"].Should().Be(502L);
    }

    /// <summary>A failing alias falls back, in order, past an unreachable one, to one that answers; each failure is captured.</summary>
    [Fact]
    public async Task Fallbacks_are_tried_in_order_before_any_byte_is_sent()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { ErrorStatus = 500, ErrorMessage = "flaky is down" }, new FakeReply { Content = "served by the fallback" });

        var response = await h.Http.PostChatAsync(Requests.Simple("flaky-chat", stream: true));
        var text = await response.Content.ReadAsStringAsync();
        await h.FlushAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-PromptCapture-Served-By").Single().Should().Be("fake-chat");
        text.Should().Contain("fallback").And.Contain("[DONE]");
        Sse.Chunks(text).Should().OnlyContain(c => c.GetProperty("model").GetString() == "flaky-chat");
        h.Upstream.Requests.Select(r => r.Json.GetProperty("model").GetString()).Should().Equal("flaky-model", "upstream-chat-model");
        Db.Rows(h.DatabasePath, "select model from prompt_capture_failures order by id").Select(r => r["model"]).Should().Equal("flaky-chat", "down-chat");
        Db.Scalar(h.DatabasePath, "select model from turns").Should().Be("fake-chat");
    }

    /// <summary>A 400 from the upstream is the client's problem: no fallback.</summary>
    [Fact]
    public async Task Bad_request_does_not_fall_back()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 400, ErrorMessage = "context too long" };

        var response = await h.Http.PostChatAsync(Requests.Simple("flaky-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        h.Upstream.Requests.Should().ContainSingle();
    }

    /// <summary>A stream cut after some chunks: the client gets those chunks, then an error event, no [DONE], no invented finish; the partial is captured.</summary>
    [Theory]
    [InlineData("cut")]
    [InlineData("garbage")]
    [InlineData("early-end")]
    public async Task Broken_stream_ends_with_error_event_and_partial_capture(string fault)
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = fault switch
        {
            "garbage" => new FakeReply { Content = "alpha beta gamma delta", GarbageAfterChunks = 3 },
            "early-end" => new FakeReply { Content = "alpha beta gamma delta", EndAfterChunks = 3 },
            _ => new FakeReply { Content = "alpha beta gamma delta", CutAfterChunks = 3, ChunkDelay = TimeSpan.FromMilliseconds(100) },
        };

        var text = await (await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: true))).Content.ReadAsStringAsync();
        await h.FlushAsync();

        var events = Sse.Events(text);
        events.Should().NotContain("[DONE]");
        var last = JsonDocument.Parse(events.Last()).RootElement;
        last.GetProperty("error").GetProperty("type").GetString().Should().Be("api_error");
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e).RootElement).ToList();
        chunks.Should().NotBeEmpty();
        chunks.Should().OnlyContain(c => c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.Null);
        var received = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var d) ? d.GetString() : ""));
        // A reset may swallow bytes still in flight, so the client has a non-empty prefix of what was sent.
        received.Should().NotBeEmpty();
        "alpha beta ".Should().StartWith(received);
        var failure = Db.Rows(h.DatabasePath, "select * from prompt_capture_failures").Single();
        failure["outcome"].Should().Be("failed");
        failure["partial_response"].Should().Be(received);
        Db.Scalar(h.DatabasePath, "select count(*) from turns").Should().Be(0L);
    }

    /// <summary>A client that disconnects mid-stream makes the gateway cancel the upstream request at once.</summary>
    [Fact]
    public async Task Client_disconnect_cancels_upstream_request()
    {
        await using var h = await GatewayHarness.StartAsync();
        var hold = new TaskCompletionSource();
        h.Upstream.DefaultReply = new FakeReply { Content = "never finished", HoldAfterFirstChunk = hold.Task };

        using (await h.Http.StreamUntilAsync(Requests.Simple("fake-chat", stream: true), "never"))
        {
            // The client reads the first words, then leaves.
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Upstream.Cancelled == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10);

        h.Upstream.Cancelled.Should().Be(1);
        hold.Task.IsCompleted.Should().BeFalse("the upstream was cancelled, not allowed to finish");
    }
}
