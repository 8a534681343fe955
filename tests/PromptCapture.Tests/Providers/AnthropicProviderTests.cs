using System.Text.Json;
using FluentAssertions;
using OpenAI.Chat;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>Provider type "anthropic" (the official Anthropic SDK behind SK) against a fake Anthropic upstream, driven by OpenAI-format clients.</summary>
public class AnthropicProviderTests
{
    /// <summary>A chat completion through the Anthropic provider: Anthropic's request upstream, OpenAI's answer back, usage and capture.</summary>
    [Fact]
    public async Task Chat_completion_reaches_the_anthropic_upstream_and_answers_in_openai_shape()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { Content = "Bonjour from Claude.", PromptTokens = 12, CompletionTokens = 4 };
        var chat = h.OpenAI().GetChatClient("claude-fake");

        var completion = (await chat.CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Say hi")],
            new ChatCompletionOptions { MaxOutputTokenCount = 64, Temperature = 0.5f })).Value;

        completion.Content[0].Text.Should().Be("Bonjour from Claude.");
        completion.FinishReason.Should().Be(ChatFinishReason.Stop);
        completion.Usage.InputTokenCount.Should().BeGreaterThanOrEqualTo(12);
        completion.Usage.OutputTokenCount.Should().Be(4);
        var sent = anthropic.Last;
        sent.Path.Should().StartWith("/v1/messages");
        // The SDK sends an API key as a bearer token.
        sent.Headers["authorization"].Should().Be("Bearer " + GatewayHarness.UpstreamKey);
        sent.Headers.Should().ContainKey("anthropic-version");
        var body = sent.Json;
        body.GetProperty("model").GetString().Should().Be("claude-upstream-model");
        body.GetProperty("max_tokens").GetInt32().Should().Be(64);
        body.GetProperty("messages")[0].GetProperty("role").GetString().Should().Be("user");
        body.GetProperty("system").ToString().Should().Contain("Be brief.");
        await h.FlushAsync();
        var row = Db.Rows(h.DatabasePath, "SELECT provider, upstream_model FROM prompt_capture_requests").Should().ContainSingle().Subject;
        row["provider"].Should().Be("claude");
        row["upstream_model"].Should().Be("claude-upstream-model");
        Db.Scalar(h.DatabasePath, "SELECT response FROM turn_search").Should().Be("Bonjour from Claude.");
    }

    /// <summary>A streamed chat completion through the Anthropic provider arrives as OpenAI chunks with the whole text.</summary>
    [Fact]
    public async Task Streaming_chat_completion_through_the_anthropic_provider()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { Content = "one two three", Reasoning = "thinking hard" };
        var chat = h.OpenAI().GetChatClient("claude-fake");

        var text = "";
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Count")]))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
        }

        text.Should().Be("one two three");
        finish.Should().Be(ChatFinishReason.Stop);
        anthropic.Last.Json.GetProperty("stream").GetBoolean().Should().BeTrue();
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT response FROM turn_search").Should().Be("one two three");
        Db.Scalar(h.DatabasePath, "SELECT text FROM parts WHERE type = 'reasoning'").Should().Be("thinking hard");
    }

    /// <summary>Tools and a tool call round trip: the function becomes an Anthropic tool, the call comes back, the result goes as tool_result.</summary>
    [Fact]
    public async Task Tool_calls_round_trip_through_the_anthropic_provider()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.Enqueue(new FakeReply { Content = "", ToolCalls = [("toolu_01A", "get_weather", """{"city":"Rome"}""")] },
            new FakeReply { Content = "Sunny in Rome." });
        var chat = h.OpenAI().GetChatClient("claude-fake");
        var tool = ChatTool.CreateFunctionTool("get_weather", "Weather for a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool } };
        List<OpenAI.Chat.ChatMessage> messages = [new UserChatMessage("Weather in Rome?")];

        var first = (await chat.CompleteChatAsync(messages, options)).Value;

        first.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        var call = first.ToolCalls.Should().ContainSingle().Subject;
        call.Id.Should().Be("toolu_01A");
        call.FunctionName.Should().Be("get_weather");
        JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString().Should().Be("Rome");
        var sentTool = anthropic.Last.Json.GetProperty("tools")[0];
        sentTool.GetProperty("name").GetString().Should().Be("get_weather");
        sentTool.GetProperty("input_schema").GetProperty("required")[0].GetString().Should().Be("city");

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "sunny"));
        var second = (await chat.CompleteChatAsync(messages, options)).Value;

        second.Content[0].Text.Should().Be("Sunny in Rome.");
        var replay = anthropic.Last.Json.GetProperty("messages");
        replay[1].GetProperty("content").EnumerateArray().Should().Contain(b => b.GetProperty("type").GetString() == "tool_use" && b.GetProperty("id").GetString() == "toolu_01A");
        replay[2].GetProperty("content").EnumerateArray().Should().Contain(b => b.GetProperty("type").GetString() == "tool_result" && b.GetProperty("tool_use_id").GetString() == "toolu_01A");
    }

    /// <summary>An Anthropic error status keeps its status for the client, in OpenAI's shape on the chat route, with Anthropic's message.</summary>
    [Fact]
    public async Task Anthropic_error_status_is_passed_on()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { ErrorStatus = 429, ErrorMessage = "Claude is rate limited." };

        using var response = await h.Http.PostAsync("/v1/chat/completions",
            new StringContent("""{"model":"claude-fake","messages":[{"role":"user","content":"Hi"}]}""", System.Text.Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().Be(429);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("Claude is rate limited.");
        body.Should().NotContain(GatewayHarness.UpstreamKey);
    }

    /// <summary>The Responses front door (Codex's) on an anthropic alias: the answer comes from the Anthropic upstream in Responses' shape.</summary>
    [Fact]
    public async Task Responses_request_is_served_by_the_anthropic_provider()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { Content = "Claude via Responses." };

        using var response = await h.Http.PostAsync("/v1/responses",
            new StringContent("""{"model":"claude-fake","instructions":"Be brief.","input":"Hi","max_output_tokens":50}""", System.Text.Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        ((int)response.StatusCode).Should().Be(200, body.ToString());
        body.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Claude via Responses.");
        anthropic.Last.Json.GetProperty("max_tokens").GetInt32().Should().Be(50);
    }

    /// <summary>An overloaded Anthropic upstream (529) before any byte: the alias's fallback (a chat provider) answers.</summary>
    [Fact]
    public async Task Overloaded_anthropic_upstream_falls_back()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { ErrorStatus = 529, ErrorMessage = "Overloaded" };

        var (status, body) = await PromptCapture.Tests.Protocols.Messages.MessagesHttp.MessagesJsonAsync(h.Http,
            """{"model":"claude-fallback","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""");

        status.Should().Be(200, body.ToString());
        body.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        anthropic.Requests.Should().ContainSingle();
    }
}
