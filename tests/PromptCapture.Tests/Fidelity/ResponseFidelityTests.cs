using System.Text.Json;
using FluentAssertions;
using OpenAI.Chat;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Fidelity;

/// <summary>What the upstream answers reaches the client intact: tool calls, reasoning, log probabilities, streaming or not.</summary>
public sealed class ResponseFidelityTests
{
    /// <summary>Parallel tool calls come back with finish_reason tool_calls and their argument strings unchanged.</summary>
    [Fact]
    public async Task Parallel_tool_calls_come_back_unchanged()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "", ToolCalls = [("call_1", "weather.get", """{"city": "Oslo"}"""), ("call_2", "get-time", "{}")] };

        var body = JsonDocument.Parse(await (await h.Http.PostChatAsync($$$"""{"model":"fake-chat","tools":{{{RequestFidelityTests.Tools}}},"messages":[{"role":"user","content":"both"}]}""")).Content.ReadAsStringAsync()).RootElement;

        var choice = body.GetProperty("choices")[0];
        choice.GetProperty("finish_reason").GetString().Should().Be("tool_calls");
        choice.GetProperty("message").GetProperty("content").ValueKind.Should().Be(JsonValueKind.Null);
        var calls = choice.GetProperty("message").GetProperty("tool_calls");
        calls.GetArrayLength().Should().Be(2);
        calls[0].GetProperty("id").GetString().Should().Be("call_1");
        calls[0].GetProperty("type").GetString().Should().Be("function");
        calls[0].GetProperty("function").GetProperty("name").GetString().Should().Be("weather.get");
        calls[0].GetProperty("function").GetProperty("arguments").GetString().Should().Be("""{"city": "Oslo"}""");
        calls[1].GetProperty("function").GetProperty("name").GetString().Should().Be("get-time");
    }

    /// <summary>Streamed tool calls arrive as OpenAI streams them: index always, id/type/name first, argument pieces after.</summary>
    [Fact]
    public async Task Streamed_parallel_tool_calls_keep_openai_delta_shape()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "", ToolCalls = [("call_1", "weather.get", """{"city":"Oslo"}"""), ("call_2", "get-time", """{"tz":"UTC"}""")] };

        var text = await (await h.Http.PostChatAsync($$$"""{"model":"fake-chat","stream":true,"tools":{{{RequestFidelityTests.Tools}}},"messages":[{"role":"user","content":"both"}]}""")).Content.ReadAsStringAsync();

        var deltas = Sse.Chunks(text).Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0]).ToList();
        deltas.Last().GetProperty("finish_reason").GetString().Should().Be("tool_calls");
        var fragments = deltas.Where(d => d.GetProperty("delta").TryGetProperty("tool_calls", out var _))
            .SelectMany(d => d.GetProperty("delta").GetProperty("tool_calls").EnumerateArray()).ToList();
        fragments.Should().OnlyContain(f => HasProperty(f, "index"));
        foreach (var index in new[] { 0, 1 })
        {
            var mine = fragments.Where(f => f.GetProperty("index").GetInt32() == index).ToList();
            mine[0].GetProperty("id").GetString().Should().Be($"call_{index + 1}");
            mine[0].GetProperty("type").GetString().Should().Be("function");
            mine[0].GetProperty("function").GetProperty("name").GetString().Should().Be(index == 0 ? "weather.get" : "get-time");
            mine.Skip(1).Should().OnlyContain(f => !HasProperty(f, "id"));
            string.Concat(mine.Select(f => f.GetProperty("function").GetProperty("arguments").GetString()))
                .Should().Be(index == 0 ? """{"city":"Oslo"}""" : """{"tz":"UTC"}""");
        }
        Sse.Events(text).Last().Should().Be("[DONE]");
    }

    /// <summary>The official SDK assembles streamed tool calls through the gateway.</summary>
    [Fact]
    public async Task Openai_sdk_assembles_streamed_tool_call()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "", ToolCalls = [("call_9", "get_weather", """{"city":"Paris"}""")] };
        var chat = h.OpenAI().GetChatClient("fake-chat");
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "Weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")) } };

        string? id = null, name = null;
        var args = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Paris?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                id ??= call.ToolCallId;
                name ??= call.FunctionName;
                args.Append(call.FunctionArgumentsUpdate?.ToString());
            }
            finish ??= update.FinishReason;
        }

        (id, name, args.ToString(), finish).Should().Be(("call_9", "get_weather", """{"city":"Paris"}""", ChatFinishReason.ToolCalls));
        h.Upstream.Last.Json.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString().Should().Be("get_weather");
    }

    /// <summary>reasoning_content passes through, in the message and in stream deltas.</summary>
    [Fact]
    public async Task Reasoning_content_passes_through()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Reasoning = "Let me think step by step.", Content = "42" };

        var plain = JsonDocument.Parse(await (await h.Http.PostChatAsync(Requests.Simple("fake-reasoner", "meaning?"))).Content.ReadAsStringAsync()).RootElement;
        var streamed = await (await h.Http.PostChatAsync(Requests.Simple("fake-reasoner", "meaning?", stream: true))).Content.ReadAsStringAsync();

        var message = plain.GetProperty("choices")[0].GetProperty("message");
        message.GetProperty("reasoning_content").GetString().Should().Be("Let me think step by step.");
        message.GetProperty("content").GetString().Should().Be("42");
        var deltas = Sse.Chunks(streamed).Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0].GetProperty("delta")).ToList();
        string.Concat(deltas.Select(d => d.TryGetProperty("reasoning_content", out var r) ? r.GetString() : "")).Should().Be("Let me think step by step.");
        string.Concat(deltas.Select(d => d.TryGetProperty("content", out var c) ? c.GetString() : "")).Should().Be("42");
    }

    /// <summary>Token log probabilities come back in OpenAI's shape.</summary>
    [Fact]
    public async Task Logprobs_come_back()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply
        {
            Content = "Hi",
            LogprobsJson = """{"content":[{"token":"Hi","logprob":-0.25,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.25,"bytes":[72,105]},{"token":"Hey","logprob":-1.5,"bytes":[72,101,121]}]}],"refusal":null}""",
        };

        var body = JsonDocument.Parse(await (await h.Http.PostChatAsync("""{"model":"fake-chat","logprobs":true,"top_logprobs":2,"messages":[{"role":"user","content":"x"}]}""")).Content.ReadAsStringAsync()).RootElement;

        var content = body.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content");
        content[0].GetProperty("token").GetString().Should().Be("Hi");
        content[0].GetProperty("logprob").GetDouble().Should().BeApproximately(-0.25, 1e-6);
        content[0].GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()).Should().Equal(72, 105);
        content[0].GetProperty("top_logprobs")[1].GetProperty("token").GetString().Should().Be("Hey");
    }

    /// <summary>Whether a JSON object has a property (usable inside assertion expressions).</summary>
    private static bool HasProperty(JsonElement element, string name) => element.TryGetProperty(name, out var _);
}
