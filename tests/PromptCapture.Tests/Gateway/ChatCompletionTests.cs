using System.Text.Json;
using FluentAssertions;
using OpenAI.Chat;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Gateway;

/// <summary>End-to-end chat completions through the real gateway and the fake upstream, with the official OpenAI SDK and raw HTTP.</summary>
public sealed class ChatCompletionTests
{
    /// <summary>The non-streaming answer has OpenAI's exact shape and the upstream got its own model id and the key.</summary>
    [Fact]
    public async Task Non_streaming_answer_has_openai_shape_and_upstream_gets_model_id_and_key()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "Percy.", PromptTokens = 12, CompletionTokens = 3 };

        var response = await h.Http.PostChatAsync("""{"model":"fake-chat","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Name a pelican"}]}""");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        body.GetProperty("id").GetString().Should().StartWith("chatcmpl-");
        body.GetProperty("object").GetString().Should().Be("chat.completion");
        body.GetProperty("created").ValueKind.Should().Be(JsonValueKind.Number);
        body.GetProperty("model").GetString().Should().Be("fake-chat");
        body.GetProperty("system_fingerprint").GetString().Should().Be("fp_fake");
        body.GetProperty("service_tier").GetString().Should().Be("default");
        var choice = body.GetProperty("choices")[0];
        choice.GetProperty("index").GetInt32().Should().Be(0);
        choice.GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        choice.GetProperty("message").GetProperty("content").GetString().Should().Be("Percy.");
        choice.GetProperty("finish_reason").GetString().Should().Be("stop");
        choice.GetProperty("logprobs").ValueKind.Should().Be(JsonValueKind.Null);
        choice.GetProperty("message").GetProperty("refusal").ValueKind.Should().Be(JsonValueKind.Null);
        body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(12);
        body.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(3);
        body.GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().Be(15);

        var sent = h.Upstream.Last;
        sent.Json.GetProperty("model").GetString().Should().Be("upstream-chat-model");
        sent.Headers["authorization"].Should().Be("Bearer " + GatewayHarness.UpstreamKey);
        var messages = sent.Json.GetProperty("messages");
        messages.GetArrayLength().Should().Be(2);
        messages[0].GetProperty("role").GetString().Should().Be("system");
        messages[0].GetProperty("content").GetString().Should().Be("Be brief.");
        messages[1].GetProperty("role").GetString().Should().Be("user");
        messages[1].GetProperty("content").GetString().Should().Be("Name a pelican");
    }

    /// <summary>The official SDK reads the answer; the client's own key is never forwarded upstream.</summary>
    [Fact]
    public async Task Openai_sdk_gets_answer_and_client_key_is_not_forwarded()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "Bonjour", PromptTokens = 5, CompletionTokens = 1 };
        var chat = h.OpenAI().GetChatClient("fake-chat");

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Translate good morning")]);

        completion.Content[0].Text.Should().Be("Bonjour");
        completion.Model.Should().Be("fake-chat");
        completion.FinishReason.Should().Be(ChatFinishReason.Stop);
        completion.Usage.InputTokenCount.Should().Be(5);
        completion.Usage.OutputTokenCount.Should().Be(1);
        h.Upstream.Last.Headers["authorization"].Should().NotContain("client-side-key");
    }

    /// <summary>Streaming with include_usage: same id/created, role first, finish on the last choice chunk, then usage, then [DONE].</summary>
    [Fact]
    public async Task Streaming_with_include_usage_ends_with_usage_chunk_then_done()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "One two three", PromptTokens = 4, CompletionTokens = 3 };

        var response = await h.Http.PostChatAsync("""{"model":"fake-chat","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Count"}]}""");
        var text = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = Sse.Events(text);
        events.Last().Should().Be("[DONE]");
        var chunks = Sse.Chunks(text);
        chunks.Select(c => c.GetProperty("id").GetString()).Distinct().Should().ContainSingle().Which.Should().StartWith("chatcmpl-");
        chunks.Select(c => c.GetProperty("created").GetInt64()).Distinct().Should().ContainSingle();
        chunks.Should().OnlyContain(c => c.GetProperty("object").GetString() == "chat.completion.chunk" && c.GetProperty("model").GetString() == "fake-chat");
        chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString().Should().Be("assistant");
        var choiceChunks = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).ToList();
        string.Concat(choiceChunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var d) ? d.GetString() : "")).Should().Be("One two three");
        choiceChunks.Last().GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        choiceChunks.SkipLast(1).Should().OnlyContain(c => c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.Null);
        var usage = chunks.Last();
        usage.GetProperty("choices").GetArrayLength().Should().Be(0);
        usage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(4);
        usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(3);
    }

    /// <summary>Without include_usage the client gets no usage chunk.</summary>
    [Fact]
    public async Task Streaming_without_include_usage_sends_no_usage_chunk()
    {
        await using var h = await GatewayHarness.StartAsync();

        var text = await (await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: true))).Content.ReadAsStringAsync();

        Sse.Events(text).Last().Should().Be("[DONE]");
        Sse.Chunks(text).Where(c => c.GetProperty("choices").GetArrayLength() != 1 || c.TryGetProperty("usage", out var _)).Should().BeEmpty();
    }

    /// <summary>The official SDK streams text and usage through the gateway.</summary>
    [Fact]
    public async Task Openai_sdk_streams_text_and_usage()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "Streaming works fine", PromptTokens = 9, CompletionTokens = 3 };
        var chat = h.OpenAI().GetChatClient("fake-chat");

        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("go")], new ChatCompletionOptions()))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        text.ToString().Should().Be("Streaming works fine");
        finish.Should().Be(ChatFinishReason.Stop);
        usage.Should().NotBeNull();
        usage!.InputTokenCount.Should().Be(9);
    }

    /// <summary>The first token reaches the client while the upstream is still generating: nothing is buffered.</summary>
    [Fact]
    public async Task First_chunk_reaches_client_before_upstream_finishes()
    {
        await using var h = await GatewayHarness.StartAsync();
        var release = new TaskCompletionSource();
        h.Upstream.DefaultReply = new FakeReply { Content = "first second third", HoldAfterFirstChunk = release.Task };

        using var stream = await h.Http.StreamUntilAsync(Requests.Simple("fake-chat", stream: true), "first");

        release.Task.IsCompleted.Should().BeFalse("the upstream is still holding the rest of the answer");
        release.SetResult();
        var rest = await stream.Reader.ReadToEndAsync();
        rest.Should().Contain("third").And.Contain("[DONE]");
    }

    /// <summary>A missing or empty model goes to defaultModel.</summary>
    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"x"}]}""")]
    public async Task Missing_or_empty_model_uses_default_alias(string body)
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(body);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        h.Upstream.Last.Json.GetProperty("model").GetString().Should().Be("upstream-chat-model");
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("model").GetString().Should().Be("fake-chat");
    }

    /// <summary>The echo provider answers offline with the last user message, streaming or not.</summary>
    [Fact]
    public async Task Echo_alias_answers_with_last_user_message()
    {
        await using var h = await GatewayHarness.StartAsync();

        var plain = JsonDocument.Parse(await (await h.Http.PostChatAsync(Requests.Simple("echo", "hello echo"))).Content.ReadAsStringAsync()).RootElement;
        var streamed = await (await h.Http.PostChatAsync(Requests.Simple("echo", "hello stream", stream: true))).Content.ReadAsStringAsync();

        plain.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("hello echo");
        plain.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(2);
        string.Concat(Sse.Chunks(streamed).Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var d) ? d.GetString() : "")).Should().Be("hello stream");
        h.Upstream.Requests.Should().BeEmpty();
    }

    /// <summary>A keyless provider (a local Ollama) works without any key configured.</summary>
    [Fact]
    public async Task Keyless_provider_is_called_without_configured_key()
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(Requests.Simple("keyless-chat"));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        h.Upstream.Last.Json.GetProperty("model").GetString().Should().Be("local-model");
        (h.Upstream.Last.Headers.GetValueOrDefault("authorization") ?? "").Should().NotContain(GatewayHarness.UpstreamKey);
    }

    /// <summary>/v1/models lists every alias in OpenAI's list shape; /v1/models/{id} describes one.</summary>
    [Fact]
    public async Task Models_endpoints_list_aliases()
    {
        await using var h = await GatewayHarness.StartAsync();

        var page = h.OpenAI().GetOpenAIModelClient();
        var models = (await page.GetModelsAsync()).Value;
        var one = (await page.GetModelAsync("fake-reasoner")).Value;
        var raw = await h.Http.GetStringAsync("/v1/models");

        models.Select(m => m.Id).Should().BeEquivalentTo(["fake-chat", "fake-reasoner", "flaky-chat", "keyless-chat", "needs-key", "down-chat", "slow-chat", "azure-chat", "echo"]);
        one.OwnedBy.Should().Be("fake");
        raw.Should().Contain("\"object\":\"list\"").And.NotContain(GatewayHarness.UpstreamKey);
        var missing = await h.Http.GetAsync("/v1/models/nope");
        missing.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("model_not_found");
    }

    /// <summary>An azure-openai provider goes through SK's Azure connector: deployment path, api-key header, answer back.</summary>
    [Fact]
    public async Task Azure_provider_calls_deployment_with_api_key_header()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "from azure" };

        var response = await h.Http.PostChatAsync(Requests.Simple("azure-chat"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("from azure");
        body.GetProperty("model").GetString().Should().Be("azure-chat");
        h.Upstream.Last.Path.Should().StartWith("/openai/deployments/my-deployment/chat/completions");
        h.Upstream.Last.Headers["api-key"].Should().Be(GatewayHarness.UpstreamKey);
    }

    /// <summary>A JSON body sent without a JSON Content-Type (plain `curl -d`) is still understood.</summary>
    [Fact]
    public async Task Json_body_with_form_content_type_is_accepted()
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostAsync("/v1/chat/completions",
            new StringContent(Requests.Simple("echo", "curl user"), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("curl user");
    }
}
