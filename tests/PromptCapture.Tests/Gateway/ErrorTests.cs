using System.ClientModel;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using OpenAI.Chat;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Gateway;

/// <summary>Every error class answers in OpenAI's error shape with the right status, and the server keeps serving.</summary>
public sealed class ErrorTests
{
    /// <summary>Reads an error response and checks the envelope has all four keys.</summary>
    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var error = body.GetProperty("error");
        error.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        error.GetProperty("type").GetString().Should().NotBeNullOrWhiteSpace();
        error.TryGetProperty("param", out _).Should().BeTrue();
        error.TryGetProperty("code", out _).Should().BeTrue();
        return error;
    }

    /// <summary>Malformed bodies get 400 with the offending param, and a valid request afterwards still works.</summary>
    [Theory]
    [InlineData("{not json", null)]
    [InlineData("", null)]
    [InlineData("null", null)]
    [InlineData("[1,2]", null)]
    [InlineData("""{"model":"fake-chat"}""", "messages")]
    [InlineData("""{"model":"fake-chat","messages":[]}""", "messages")]
    [InlineData("""{"model":"fake-chat","messages":"hello"}""", "messages")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-chat","messages":[{"content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"max_tokens":1e400}""", "max_tokens")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"f1"}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"ogg"}}]}]}""", "messages[0].content[0].input_audio.format")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"tool","content":"5"}]}""", "messages[0].tool_call_id")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"n":2}""", "n")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"stop":5}""", "stop")]
    [InlineData("""{"model":7,"messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"$.model":"expensive-model"}""", "$.model")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"$.":1}""", "$.")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"$..x":1}""", "$..x")]
    public async Task Bad_input_is_400_with_param_and_server_keeps_serving(string body, string? param)
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = await ErrorOf(response);
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        if (param is null)
            error.GetProperty("param").ValueKind.Should().Be(JsonValueKind.Null);
        else
            error.GetProperty("param").GetString().Should().Be(param);
        h.Upstream.Requests.Should().BeEmpty();
        (await h.Http.PostChatAsync(Requests.Simple("fake-chat"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>An unknown alias is 404 model_not_found naming the alias; the SDK surfaces the status.</summary>
    [Fact]
    public async Task Unknown_alias_is_404_model_not_found()
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(Requests.Simple("gpt-nope"));
        var sdk = async () => await h.OpenAI().GetChatClient("gpt-nope").CompleteChatAsync([new UserChatMessage("x")]);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var error = await ErrorOf(response);
        error.GetProperty("code").GetString().Should().Be("model_not_found");
        error.GetProperty("message").GetString().Should().Contain("gpt-nope");
        (await sdk.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(404);
    }

    /// <summary>A provider whose key variable is unset answers a clear error naming the variable.</summary>
    [Fact]
    public async Task Missing_key_names_the_environment_variable()
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(Requests.Simple("needs-key"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var error = await ErrorOf(response);
        error.GetProperty("message").GetString().Should().Contain("PC_TEST_UNSET_KEY");
        error.GetProperty("code").GetString().Should().Be("missing_api_key");
    }

    /// <summary>Upstream 4xx and 429 keep their status and the upstream's message.</summary>
    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(429)]
    public async Task Upstream_4xx_keeps_status_and_message(int status)
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = status, ErrorMessage = $"upstream says no ({status})" };

        var plain = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        var streamed = await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: true));

        foreach (var response in new[] { plain, streamed })
        {
            ((int)response.StatusCode).Should().Be(status, await response.Content.ReadAsStringAsync());
            var error = await ErrorOf(response);
            error.GetProperty("message").GetString().Should().Be($"upstream says no ({status})");
            error.GetProperty("message").GetString().Should().NotContain(GatewayHarness.UpstreamKey);
        }
    }

    /// <summary>The provider refusing the gateway's own key is a 502 naming the key variable, not the client's 401.</summary>
    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Upstream_auth_failure_is_502_naming_the_key_variable(int status)
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = status, ErrorMessage = "Incorrect API key provided: sk-fa****9f8e." };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        var error = await ErrorOf(response);
        error.GetProperty("code").GetString().Should().Be("upstream_auth_failed");
        error.GetProperty("message").GetString().Should().Contain("FAKE_KEY").And.NotContain("sk-fa");
    }

    /// <summary>Upstream 5xx becomes 502 naming the alias.</summary>
    [Fact]
    public async Task Upstream_5xx_is_502()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 503, ErrorMessage = "overloaded" };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await ErrorOf(response)).GetProperty("message").GetString().Should().Contain("fake-chat").And.Contain("503");
    }

    /// <summary>A refused connection is 502.</summary>
    [Fact]
    public async Task Refused_connection_is_502()
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(Requests.Simple("down-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await ErrorOf(response)).GetProperty("code").GetString().Should().Be("upstream_unavailable");
        (await h.Http.PostChatAsync(Requests.Simple("fake-chat"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>An upstream slower than the provider's timeout is 504.</summary>
    [Fact]
    public async Task Upstream_timeout_is_504()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Delay = TimeSpan.FromSeconds(5) };

        var response = await h.Http.PostChatAsync(Requests.Simple("slow-chat"));

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await ErrorOf(response)).GetProperty("code").GetString().Should().Be("upstream_timeout");
    }

    /// <summary>Unknown routes answer 404 in OpenAI's shape rather than an empty body.</summary>
    [Fact]
    public async Task Unknown_route_is_openai_shaped_404()
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.GetAsync("/v1/embeddings");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorOf(response)).GetProperty("code").GetString().Should().Be("unknown_url");
    }

    /// <summary>A body over the size limit is 413.</summary>
    [Fact]
    public async Task Oversized_body_is_413()
    {
        await using var h = await GatewayHarness.StartAsync(maxBodyBytes: 1024);

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat", new string('a', 4096)));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await ErrorOf(response);
    }
}
