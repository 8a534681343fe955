using System.Text;
using FluentAssertions;
using PromptCapture.Errors;
using PromptCapture.Providers;
using PromptCapture.Providers.OpenAIWire;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>Chat Completions answers and chunks as providers really send them, read into the neutral answer and updates.</summary>
public sealed class ChatWireReadersTests
{
    /// <summary>A DeepSeek-style answer: reasoning_content, tool calls (one with object arguments), usage details, logprobs with bytes, and the raw body kept.</summary>
    [Fact]
    public void An_answer_gives_every_field_and_keeps_the_upstream_json()
    {
        const string json = """
            {"id":"x","object":"chat.completion","created":1764000000,"model":"deepseek-reasoner","system_fingerprint":"fp_1","service_tier":"default",
             "choices":[{"index":0,"message":{"role":"assistant","content":"It is 4.","reasoning_content":"2+2...","refusal":null,
               "tool_calls":[{"id":"c1","type":"function","function":{"name":"add","arguments":"{\"a\":2}"}},{"id":"c2","type":"function","function":{"name":"mul","arguments":{"b":3}}}]},
               "logprobs":{"content":[{"token":"It","logprob":-0.5,"bytes":[73,116],"top_logprobs":[{"token":"It","logprob":-0.5,"bytes":[73,116]}]}]},"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":3}}}
            """;

        var answer = ChatAnswerReader.Read(Encoding.UTF8.GetBytes(json), "deep", "deepseek", NoSecrets);

        answer.Text.Should().Be("It is 4.");
        answer.Reasoning.Should().Be("2+2...");
        answer.Refusal.Should().BeNull();
        answer.ToolCalls.Select(c => (c.Id, c.Name, c.Arguments)).Should().Equal(("c1", "add", """{"a":2}"""), ("c2", "mul", """{"b":3}"""));
        answer.FinishReason.Should().Be("tool_calls");
        answer.Usage.Should().Be(new PromptCapture.Exchange.ExchangeUsage(10, 5, 15, 4, 3));
        answer.Model.Should().Be("deepseek-reasoner");
        answer.Created.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1764000000));
        answer.SystemFingerprint.Should().Be("fp_1");
        answer.ServiceTier.Should().Be("default");
        answer.Logprobs!.Single().Bytes!.Value.ToArray().Should().Equal(73, 116);
        answer.Logprobs!.Single().Top.Single().Token.Should().Be("It");
        answer.RawJson!().Should().Be(json);
    }

    /// <summary>A 200 without a choice (an error body, an empty list) is the upstream's failure, named by alias and provider.</summary>
    [Theory]
    [InlineData("""{"error":{"message":"quota of sk-quota-key-42 used up"}}""", " It said: quota of [redacted] used up")]
    [InlineData("""{"error":"down"}""", " It said: down")]
    [InlineData("""{"id":"x","choices":[]}""", "(an empty body or an error body sent with status 200).")]
    [InlineData("[]", "(an empty body or an error body sent with status 200).")]
    public void An_answer_without_a_choice_is_an_upstream_failure(string json, string said)
    {
        var read = () => ChatAnswerReader.Read(Encoding.UTF8.GetBytes(json), "deep", "deepseek", new SecretRedactor(["sk-quota-key-42"]));

        read.Should().Throw<UpstreamUnavailableException>().WithMessage("The upstream of 'deep' (deepseek) answered HTTP 200 without a completion*" + said);
    }

    /// <summary>Chunks: the role opens the message, reasoning and tool-call fragments come through, usage rides on a chunk without choices.</summary>
    [Fact]
    public void Chunks_give_role_text_reasoning_tool_fragments_finish_and_usage()
    {
        var first = Chunk("""{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""");
        var reasoning = Chunk("""{"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"hmm"}}]}""");
        var tool = Chunk("""{"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"c9","type":"function","function":{"name":"f","arguments":"{\"x\""}}]}}]}""");
        var finish = Chunk("""{"model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""");
        var usage = Chunk("""{"model":"","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""");

        first.StartsMessage.Should().BeTrue();
        first.Text.Should().BeNull("an empty content is no delta");
        reasoning.Reasoning.Should().Be("hmm");
        tool.ToolCalls!.Single().Should().Be(new PromptCapture.Exchange.ExchangeToolCallDelta(1, "c9", "f", "{\"x\""));
        finish.FinishReason.Should().Be("tool_calls");
        finish.SystemFingerprint.Should().Be("fp");
        usage.Usage.Should().Be(new PromptCapture.Exchange.ExchangeUsage(3, 2, 5));
        usage.Model.Should().BeNull();
    }

    /// <summary>An "error" chunk in place of an answer ends the stream as the upstream's failure, its message passed on with keys masked.</summary>
    [Theory]
    [InlineData("""{"error":{"message":"overloaded, key sk-secret-123456 throttled","type":"server_error"}}""", "overloaded, key [redacted] throttled")]
    [InlineData("""{"error":"plain text"}""", "plain text")]
    [InlineData("""{"error":{"code":500}}""", "(no message)")]
    public void An_error_chunk_is_an_upstream_failure_with_its_message_masked(string json, string shown)
    {
        var read = () => ChatChunkReader.Read(Encoding.UTF8.GetBytes(json), "deep", "deepseek", new SecretRedactor(["sk-secret-123456"]));

        read.Should().Throw<UpstreamUnavailableException>().Which.Message.Should()
            .Be($"The upstream of 'deep' (deepseek) sent an error instead of the answer: {shown}");
    }

    /// <summary>Providers that deviate: content as a list of parts, an empty finish_reason, wrong-typed fields and odd entries are read without failing.</summary>
    [Fact]
    public void Deviating_providers_are_read_without_failing()
    {
        var answer = ChatAnswerReader.Read(Encoding.UTF8.GetBytes("""
            {"created":null,"model":null,"choices":[{"message":{"content":[{"type":"text","text":"Hello "},{"type":"image_url"},{"type":"text","text":"world"}],
              "tool_calls":[null,7,{"id":"c","function":{"name":"f","arguments":null}}]},"finish_reason":"","logprobs":{"content":[{"token":"x","logprob":null,"bytes":[300]}]}}],
             "usage":{"prompt_tokens":"9","completion_tokens":2}}
            """), "a", "p", NoSecrets);
        var chunk = Chunk("""{"choices":[{"delta":{"content":[{"type":"text","text":"part"}],"tool_calls":[{"index":"0","function":{"arguments":"{}"}},"junk"]},"finish_reason":""}]}""");

        answer.Text.Should().Be("Hello world");
        answer.Created.Should().BeNull();
        answer.ToolCalls.Should().ContainSingle().Which.Should().Be(new PromptCapture.Exchange.ExchangeToolCall("c", "f", ""));
        answer.FinishReason.Should().Be("stop");
        answer.Logprobs!.Single().Bytes.Should().BeNull();
        answer.Usage.Should().Be(new PromptCapture.Exchange.ExchangeUsage(0, 2, 2));
        chunk.Text.Should().Be("part");
        chunk.FinishReason.Should().BeNull("an empty finish_reason does not end the answer");
        chunk.ToolCalls!.Single().Should().Be(new PromptCapture.Exchange.ExchangeToolCallDelta(0, null, null, "{}"));
    }

    /// <summary>One chunk read as the service reads it.</summary>
    private static PromptCapture.Exchange.ExchangeUpdate Chunk(string json) =>
        ChatChunkReader.Read(Encoding.UTF8.GetBytes(json), "a", "p", NoSecrets);

    /// <summary>A redactor with nothing to mask.</summary>
    private static readonly SecretRedactor NoSecrets = new([]);
}
