using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>An upstream body that stalls, runs past the whole-request limit or grows too large is cut, and the client is told which.</summary>
public sealed class UpstreamLimitsTests
{
    /// <summary>A stream that stops sending after its first words ends, once the idle timeout passes, with a timeout error event and no [DONE].</summary>
    [Fact]
    public async Task Stalled_stream_ends_with_error_event_after_idle_timeout()
    {
        await using var h = await StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "first words then silence", HoldAfterFirstChunk = new TaskCompletionSource().Task };

        var response = await h.Http.PostChatAsync(Requests.Simple("idle-chat", stream: true));
        var events = Sse.Events(await response.Content.ReadAsStringAsync());
        await h.FlushAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        events.Should().NotContain("[DONE]");
        events.Should().Contain(e => e.Contains("first "));
        var error = JsonDocument.Parse(events.Last()).RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("timeout_error");
        error.GetProperty("message").GetString().Should().Contain("idle-chat").And.Contain("sent nothing for 1 s").And.Contain("idleTimeoutSeconds");
        var failure = Db.Rows(h.DatabasePath, "select * from prompt_capture_failures").Single();
        failure["http_status"].Should().Be(504L);
        failure["partial_response"].Should().Be("first ");
    }

    /// <summary>A stream that keeps sending is still ended by timeoutSeconds (the whole request), mid-answer, with the error event.</summary>
    [Fact]
    public async Task Active_stream_is_ended_by_the_total_timeout()
    {
        await using var h = await StartAsync();
        var words = string.Join(' ', Enumerable.Range(1, 200).Select(i => $"w{i}"));
        h.Upstream.DefaultReply = new FakeReply { Content = words, ChunkDelay = TimeSpan.FromMilliseconds(100) };

        var response = await h.Http.PostChatAsync(Requests.Simple("capped-chat", stream: true));
        var text = await response.Content.ReadAsStringAsync();
        var events = Sse.Events(text);

        events.Should().NotContain("[DONE]");
        var error = JsonDocument.Parse(events.Last()).RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("timeout_error");
        error.GetProperty("message").GetString().Should().Contain("still answering after 2 s").And.Contain("timeoutSeconds");
        var received = string.Concat(Sse.Chunks(string.Join("\n\n", events.SkipLast(1).Select(e => "data: " + e)))
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var d) ? d.GetString() : ""));
        received.Should().NotBeEmpty();
        words.Should().StartWith(received).And.NotBe(received);
    }

    /// <summary>A non-streaming answer over maxResponseMb is refused as the upstream's failure (502), naming the setting.</summary>
    [Fact]
    public async Task Oversized_answer_is_502()
    {
        await using var h = await StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = new string('x', 2 * 1024 * 1024) };

        var response = await h.Http.PostChatAsync(Requests.Simple("capped-chat"));
        await h.FlushAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("message").GetString().Should().Contain("capped-chat").And.Contain("larger than 1 MB").And.Contain("maxResponseMb");
        Db.Rows(h.DatabasePath, "select * from prompt_capture_failures").Single()["http_status"].Should().Be(502L);
    }

    /// <summary>Answers within the limits pass untouched, streaming or not.</summary>
    [Fact]
    public async Task Answers_within_limits_pass()
    {
        await using var h = await StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "small and quick" };

        var plain = await h.Http.PostChatAsync(Requests.Simple("capped-chat"));
        var streamed = await (await h.Http.PostChatAsync(Requests.Simple("idle-chat", stream: true))).Content.ReadAsStringAsync();

        (await plain.Content.ReadAsStringAsync()).Should().Contain("small and quick");
        streamed.Should().Contain("quick").And.Contain("[DONE]");
    }

    /// <summary>A gateway with two extra providers: one with a 1 s idle timeout, one with a 2 s total timeout and a 1 MB answer cap.</summary>
    private static Task<GatewayHarness> StartAsync() => GatewayHarness.StartAsync(extraProviders: root =>
    [
        new JsonObject
        {
            ["name"] = "idle", ["type"] = "openai", ["endpoint"] = root + "/v1", ["apiKeyEnv"] = "FAKE_KEY",
            ["idleTimeoutSeconds"] = 1, ["timeoutSeconds"] = 60, ["retry"] = new JsonObject { ["maxRetries"] = 0 },
            ["models"] = new JsonArray { new JsonObject { ["alias"] = "idle-chat", ["model"] = "m" } },
        },
        new JsonObject
        {
            ["name"] = "capped", ["type"] = "openai", ["endpoint"] = root + "/v1", ["apiKeyEnv"] = "FAKE_KEY",
            ["timeoutSeconds"] = 2, ["idleTimeoutSeconds"] = 60, ["maxResponseMb"] = 1, ["retry"] = new JsonObject { ["maxRetries"] = 0 },
            ["models"] = new JsonArray { new JsonObject { ["alias"] = "capped-chat", ["model"] = "m" } },
        },
    ]);
}
