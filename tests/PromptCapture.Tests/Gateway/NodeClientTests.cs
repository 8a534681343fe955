using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Gateway;

/// <summary>The official openai npm package talks to the gateway like to OpenAI itself.</summary>
public sealed class NodeClientTests
{
    /// <summary>Non-streaming and streaming answers parse in the npm SDK; errors surface with status and message.</summary>
    [Fact]
    public async Task Npm_openai_client_reads_answers_streams_and_errors()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "From node", PromptTokens = 3, CompletionTokens = 2 };

        var plain = await NodeClient.SendAsync(h.BaseUrl, """{"model":"fake-chat","messages":[{"role":"user","content":"hi"}]}""");
        var stream = await NodeClient.SendAsync(h.BaseUrl, """{"model":"fake-chat","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");
        var missing = await NodeClient.SendAsync(h.BaseUrl, """{"model":"no-such-alias","messages":[{"role":"user","content":"hi"}]}""");

        plain.GetProperty("ok").GetBoolean().Should().BeTrue();
        plain.GetProperty("completion").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("From node");
        var chunks = stream.GetProperty("chunks").EnumerateArray().ToList();
        string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var d) ? d.GetString() : "")).Should().Be("From node");
        chunks.Last().GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().Be(5);
        missing.GetProperty("ok").GetBoolean().Should().BeFalse();
        missing.GetProperty("status").GetInt32().Should().Be(404);
        missing.GetProperty("error").GetProperty("code").GetString().Should().Be("model_not_found");
        h.Upstream.Requests.Should().OnlyContain(r => !r.Headers["authorization"].Contains("npm-client-key"));
    }
}
