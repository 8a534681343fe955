using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Protocols.Ollama;
using Xunit;

namespace PromptCapture.Tests.Protocols.Completions;

/// <summary>POST /v1/completions (legacy text completions) over raw HTTP against the fake chat upstream.</summary>
public class CompletionsTests
{
    /// <summary>A string prompt is one user message upstream; the answer is a text_completion with usage; captured.</summary>
    [Fact]
    public async Task Prompt_is_answered_as_text_completion_and_captured()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/v1/completions", """{"model":"fake-chat","prompt":"Say hi","max_tokens":20,"temperature":0.5,"logprobs":null}""");
        status.Should().Be(200);
        var body = lines[0];
        body.GetProperty("object").GetString().Should().Be("text_completion");
        body.GetProperty("id").GetString().Should().StartWith("cmpl-");
        body.GetProperty("model").GetString().Should().Be("fake-chat");
        var choice = body.GetProperty("choices").EnumerateArray().Should().ContainSingle().Subject;
        choice.GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        choice.GetProperty("index").GetInt32().Should().Be(0);
        choice.GetProperty("logprobs").ValueKind.Should().Be(JsonValueKind.Null);
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
        body.GetProperty("usage").GetProperty("total_tokens").GetInt64().Should().Be(18);
        var upstream = h.Upstream.Last.Json;
        upstream.GetProperty("messages")[0].GetProperty("content").GetString().Should().Be("Say hi");
        upstream.GetProperty("max_tokens").GetInt32().Should().Be(20);
        upstream.TryGetProperty("prompt", out _).Should().BeFalse();
        upstream.TryGetProperty("logprobs", out _).Should().BeFalse();

        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT front_door FROM prompt_capture_requests").Should().Be("completions");
        Db.Scalar(h.DatabasePath, "SELECT prompt FROM turn_search").Should().Be("Say hi");
    }

    /// <summary>A list of prompts is one call and one choice each; echo puts the prompt before the text.</summary>
    [Fact]
    public async Task Prompt_list_gives_a_choice_each_and_echo_prefixes()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = " one" }, new FakeReply { Content = " two" });
        var (status, _, lines) = await h.Http.PostOllamaAsync("/v1/completions", """{"model":"fake-chat","prompt":["A","B"],"echo":true}""");
        status.Should().Be(200);
        lines[0].GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("text").GetString()).Should().Equal("A one", "B two");
        lines[0].GetProperty("choices")[1].GetProperty("index").GetInt32().Should().Be(1);
        h.Upstream.Requests.Should().HaveCount(2);
    }

    /// <summary>Streaming: text_completion chunks, a last chunk with finish_reason, the usage chunk when asked, then [DONE].</summary>
    [Fact]
    public async Task Stream_sends_chunks_usage_and_done()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Deltas = ["Hel", "lo"] };
        using var response = await h.Http.PostAsync("/v1/completions", new StringContent(
            """{"model":"fake-chat","prompt":"x","stream":true,"stream_options":{"include_usage":true}}""", Encoding.UTF8, "application/json"));
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e["data: ".Length..]).ToList();
        events[^1].Should().Be("[DONE]");
        var chunks = events.Take(events.Count - 1).Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();
        chunks.Should().OnlyContain(c => c.GetProperty("object").GetString() == "text_completion");
        string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString())).Should().Be("Hello");
        chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt64().Should().Be(7);
    }

    /// <summary>What cannot be served is a clear 400 in OpenAI's shape; an unknown model a 404; the server keeps serving.</summary>
    [Theory]
    [InlineData("""{"model":"fake-chat","prompt":[1,2]}""", 400, "token arrays")]
    [InlineData("""{"model":"fake-chat","prompt":[[1]]}""", 400, "token arrays")]
    [InlineData("""{"model":"fake-chat"}""", 400, "prompt")]
    [InlineData("""{"model":"fake-chat","prompt":"x","suffix":"end"}""", 400, "suffix")]
    [InlineData("""{"model":"fake-chat","prompt":"x","logprobs":3}""", 400, "logprobs")]
    [InlineData("""{"model":"fake-chat","prompt":"x","best_of":2}""", 400, "best_of")]
    [InlineData("""{"model":"fake-chat","prompt":"x","n":2}""", 400, "n=2")]
    [InlineData("""{"model":"fake-chat","prompt":"x","temperature":"hot"}""", 400, "")]
    [InlineData("""{"prompt":"x"}""", 400, "model")]
    [InlineData("""{"model":"nope","prompt":"x"}""", 404, "nope")]
    public async Task Bad_completion_requests_are_clear_errors(string body, int expected, string fragment)
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/v1/completions", body);
        status.Should().Be(expected);
        var message = lines.Should().ContainSingle().Subject.GetProperty("error").GetProperty("message").GetString();
        message.Should().NotBeNullOrEmpty();
        if (fragment.Length > 0)
            message.Should().Contain(fragment);
        (await h.Http.PostOllamaAsync("/v1/completions", """{"model":"fake-chat","prompt":"ok"}""")).Status.Should().Be(200);
    }
}
