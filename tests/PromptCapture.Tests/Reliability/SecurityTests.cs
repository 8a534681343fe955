using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using OpenAI;
using OpenAI.Chat;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>Gateway keys guard every /v1 route; client credentials never travel upstream or into the database.</summary>
public sealed class SecurityTests
{
    /// <summary>Without a key, with a wrong key, or with a non-bearer header: 401 in OpenAI's shape on every /v1 route.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Bearer key-one-extra")]
    [InlineData("Basic a2V5LW9uZQ==")]
    public async Task Requests_without_a_valid_gateway_key_get_401(string? authorization)
    {
        await using var h = await GatewayHarness.StartAsync(apiKeys: ["key-one", "key-two"]);
        if (authorization is not null)
            h.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var chat = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        var models = await h.Http.GetAsync("/v1/models");

        foreach (var response in new[] { chat, models })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            error.GetProperty("code").GetString().Should().Be("invalid_api_key");
        }
        h.Upstream.Requests.Should().BeEmpty();
    }

    /// <summary>Any of several keys is accepted; the SDK sends it as its API key; health stays open without one.</summary>
    [Fact]
    public async Task Any_configured_key_is_accepted_and_health_is_open()
    {
        await using var h = await GatewayHarness.StartAsync(apiKeys: ["key-one", "key-two"]);
        var client = new OpenAIClient(new ApiKeyCredential("key-two"), new OpenAIClientOptions { Endpoint = new Uri(h.BaseUrl) });

        ChatCompletion answer = await client.GetChatClient("fake-chat").CompleteChatAsync([new UserChatMessage("hi")]);
        h.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "key-one");
        var raw = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        h.Http.DefaultRequestHeaders.Authorization = null;
        var health = await h.Http.GetAsync("/health");

        answer.Content[0].Text.Should().NotBeEmpty();
        raw.StatusCode.Should().Be(HttpStatusCode.OK);
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The client's Authorization never reaches the upstream, the database or an answer; the provider key never reaches the client.</summary>
    [Fact]
    public async Task Client_credentials_are_not_forwarded_or_captured()
    {
        await using var h = await GatewayHarness.StartAsync(apiKeys: ["gateway-secret-key"]);
        h.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "gateway-secret-key");
        h.Upstream.Enqueue(new FakeReply { Content = "ok" }, new FakeReply { ErrorStatus = 401, ErrorMessage = "bad upstream key" });

        var ok = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        var failed = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        var models = await h.Http.GetStringAsync("/v1/models");
        await h.FlushAsync();

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Upstream.Requests.Should().OnlyContain(r => r.Headers["authorization"] == "Bearer " + GatewayHarness.UpstreamKey);
        h.Upstream.Requests.Should().OnlyContain(r => !r.Body.Contains("gateway-secret-key") && !r.Headers.Values.Any(v => v.Contains("gateway-secret-key")));
        var bodies = await ok.Content.ReadAsStringAsync() + await failed.Content.ReadAsStringAsync() + models;
        bodies.Should().NotContain(GatewayHarness.UpstreamKey).And.NotContain("gateway-secret-key");
        var everything = string.Join("\n", Db.Rows(h.DatabasePath, "select name from sqlite_master where type = 'table'")
            .SelectMany(t => Db.Rows(h.DatabasePath, $"select * from \"{t["name"]}\"")).SelectMany(r => r.Values).OfType<string>());
        everything.Should().NotContain("gateway-secret-key").And.NotContain(GatewayHarness.UpstreamKey);
    }

    /// <summary>/health/ready reports the providers and a writable capture database.</summary>
    [Fact]
    public async Task Readiness_reports_providers_and_capture()
    {
        await using var h = await GatewayHarness.StartAsync(apiKeys: ["k"]);
        await using var off = await GatewayHarness.StartAsync(noLog: true);

        var ready = JsonDocument.Parse(await h.Http.GetStringAsync("/health/ready")).RootElement;
        var readyOff = JsonDocument.Parse(await off.Http.GetStringAsync("/health/ready")).RootElement;

        ready.GetProperty("status").GetString().Should().Be("ready");
        ready.GetProperty("capture").GetString().Should().Be("writable");
        ready.GetProperty("aliases").GetInt32().Should().BeGreaterThan(0);
        readyOff.GetProperty("capture").GetString().Should().Be("off");
    }

    /// <summary>An upstream error that echoes the provider key reaches neither the client nor the database with it.</summary>
    [Fact]
    public async Task Upstream_error_echoing_the_key_is_redacted()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 400, ErrorMessage = $"Unrecognised request from key {GatewayHarness.UpstreamKey}." };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        var body = await response.Content.ReadAsStringAsync();
        await h.FlushAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.Should().Contain("Unrecognised request from key [redacted].").And.NotContain(GatewayHarness.UpstreamKey);
        ((string)Db.Scalar(h.DatabasePath, "select error_message from prompt_capture_failures")!).Should().NotContain(GatewayHarness.UpstreamKey);
    }

    /// <summary>CORS is off: a browser preflight from another origin gets no Access-Control-Allow-Origin.</summary>
    [Fact]
    public async Task Cors_is_off_by_default()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/chat/completions");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await h.Http.SendAsync(preflight);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    /// <summary>The gateway binds loopback unless told otherwise.</summary>
    [Fact]
    public void Default_bind_address_is_loopback() => new PromptCapture.Hosting.GatewayOptions().Host.Should().Be("127.0.0.1");
}
