using System.Net.Http.Headers;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>Failures on /v1/messages answered in Anthropic's error shape with the matching status; other routes keep OpenAI's.</summary>
public class MessagesErrorTests
{
    /// <summary>An alias providers.json does not know: 404 not_found_error that names it.</summary>
    [Fact]
    public async Task Unknown_model_is_a_not_found_error_naming_it()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"claude-nope","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""");

        status.Should().Be(404);
        var (type, message) = MessagesHttp.Error(body);
        type.Should().Be("not_found_error");
        message.Should().Contain("claude-nope");
    }

    /// <summary>Malformed requests are 400 invalid_request_error naming the field, and the gateway keeps serving.</summary>
    [Theory]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"fake-chat","max_tokens":10,"messages":[]}""", "messages")]
    [InlineData("""{"model":"fake-chat","max_tokens":10,"messages":[{"role":"system","content":"Hi"}]}""", "messages.0.role")]
    [InlineData("""{"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"!!"}}]}]}""", "messages.0.content.0.source.data")]
    [InlineData("""{"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"tool_choice":{"type":"sometimes"}}""", "tool_choice.type")]
    [InlineData("""{"model":"fake-chat","max_tokens":"ten","messages":[]}""", "max_tokens")]
    [InlineData("""{"max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""not json""", "JSON")]
    public async Task Bad_request_is_an_invalid_request_error(string json, string named)
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.MessagesJsonAsync(json);

        status.Should().Be(400, body.ToString());
        var (type, message) = MessagesHttp.Error(body);
        type.Should().Be("invalid_request_error");
        message.Should().Contain(named);
        h.Upstream.Requests.Should().BeEmpty();
        var (after, _) = await h.Http.MessagesJsonAsync("""{"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""");
        after.Should().Be(200);
    }

    /// <summary>Upstream statuses map to Anthropic's error types (an upstream 401 is the gateway's credentials: 502 api_error).</summary>
    [Theory]
    [InlineData(429, 429, "rate_limit_error")]
    [InlineData(400, 400, "invalid_request_error")]
    [InlineData(404, 404, "not_found_error")]
    [InlineData(401, 502, "api_error")]
    public async Task Upstream_error_keeps_its_status_with_the_anthropic_type(int upstreamStatus, int expectedStatus, string expected)
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = upstreamStatus, ErrorMessage = "upstream says no" };
        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"flaky-chat","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""");

        status.Should().Be(expectedStatus, body.ToString());
        MessagesHttp.Error(body).Type.Should().Be(expected);
        body.ToString().Should().NotContain(GatewayHarness.UpstreamKey);
    }

    /// <summary>A provider whose key is unset answers 401 authentication_error naming the variable.</summary>
    [Fact]
    public async Task Missing_provider_key_is_an_authentication_error()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"needs-key","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""");

        status.Should().Be(401);
        var (type, message) = MessagesHttp.Error(body);
        type.Should().Be("authentication_error");
        message.Should().Contain("PC_TEST_UNSET_KEY");
    }

    /// <summary>With gateway keys, /v1/messages takes x-api-key as Anthropic clients send it, and refuses a wrong one in Anthropic's shape.</summary>
    [Fact]
    public async Task Gateway_key_is_accepted_as_x_api_key()
    {
        await using var h = await GatewayHarness.StartAsync(apiKeys: ["gw-key-1"]);
        const string json = """{"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""";

        var (ok, _) = await h.Http.MessagesJsonAsync(json, "/v1/messages", ("x-api-key", "gw-key-1"));
        var (wrong, body) = await h.Http.MessagesJsonAsync(json, "/v1/messages", ("x-api-key", "not-the-key"));
        var (none, _) = await h.Http.MessagesJsonAsync(json);

        ok.Should().Be(200);
        wrong.Should().Be(401);
        none.Should().Be(401);
        MessagesHttp.Error(body).Type.Should().Be("authentication_error");
        using var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        models.Headers.Add("x-api-key", "gw-key-1");
        (await h.Http.SendAsync(models)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        using var openAi = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        openAi.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        var refused = await h.Http.SendAsync(openAi);
        (await refused.Content.ReadAsStringAsync()).Should().StartWith("{\"error\":", "routes outside /v1/messages keep OpenAI's error shape");
    }

    /// <summary>An unknown route under /v1/messages is a 404 in Anthropic's shape.</summary>
    [Fact]
    public async Task Unknown_messages_route_is_a_not_found_error()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.MessagesJsonAsync("{}", "/v1/messages/batches");

        status.Should().Be(404);
        MessagesHttp.Error(body).Type.Should().Be("not_found_error");
    }

    /// <summary>GET on the POST-only /v1/messages is answered in Anthropic's shape, not with an empty body.</summary>
    [Fact]
    public async Task Wrong_method_on_messages_is_an_anthropic_error()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var response = await h.Http.GetAsync("/v1/messages");
        var text = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().BeOneOf(404, 405);
        MessagesHttp.Error(System.Text.Json.JsonDocument.Parse(text).RootElement).Type.Should().Be("not_found_error");
    }
}
