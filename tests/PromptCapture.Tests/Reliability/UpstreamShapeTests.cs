using System.Net;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>An upstream that answers 200 without a chat completion is reported as the upstream's failure (502), never as a gateway 500.</summary>
public sealed class UpstreamShapeTests
{
    /// <summary>Non-streaming: no choices, an empty list, or an error object sent with status 200; the failure is captured as 502.</summary>
    [Theory]
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m"}""")]
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}""")]
    [InlineData("""{"error":{"message":"upstream overloaded","type":"server_error"}}""")]
    public async Task Completion_without_choices_is_502(string body)
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { RawBody = body };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        await h.FlushAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("upstream_unavailable");
        error.GetProperty("message").GetString().Should().Contain("fake-chat").And.Contain("no choices");
        Db.Rows(h.DatabasePath, "select * from prompt_capture_failures").Single()["http_status"].Should().Be(502L);
    }

    /// <summary>Streaming: an error event where the first chunk belongs is a 502 before any byte, with the upstream's message.</summary>
    [Fact]
    public async Task Stream_opening_with_an_error_event_is_502_with_its_message()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { RawBody = "data: {\"error\":{\"message\":\"upstream overloaded\"}}\n\n", RawContentType = "text/event-stream" };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: true));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()
            .Should().Contain("sent an error instead of the answer: upstream overloaded");
    }

    /// <summary>Streaming: an error event after some text ends the client's stream with an error event naming it, and no [DONE].</summary>
    [Fact]
    public async Task Error_event_mid_stream_ends_with_error_event()
    {
        await using var h = await GatewayHarness.StartAsync();
        const string chunk = """{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"partial "},"finish_reason":null}]}""";
        h.Upstream.DefaultReply = new FakeReply
        {
            RawBody = $"data: {chunk}\n\ndata: {{\"error\":{{\"message\":\"model crashed\"}}}}\n\n",
            RawContentType = "text/event-stream",
        };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: true));
        var events = Sse.Events(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        events.Should().NotContain("[DONE]");
        events.First().Should().Contain("partial ");
        JsonDocument.Parse(events.Last()).RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain("model crashed");
    }

    /// <summary>Streaming asked, but the upstream answers 200 with a JSON error body instead of events: a 502, not a hang or a 500.</summary>
    [Fact]
    public async Task Stream_answered_with_a_json_body_is_502()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { RawBody = """{"error":{"message":"upstream overloaded"}}""" };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: true));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("upstream_unavailable");
    }
}
