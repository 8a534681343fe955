using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>Keys never reach a client or the database, whatever encoding they travel in and whoever says them.</summary>
public sealed class SecretLeakTests
{
    /// <summary>A gateway key clients use, long enough to be masked.</summary>
    private const string GatewayKey = "pc-gateway-key-5a4b3c2d1e";

    /// <summary>
    /// The attack repro: an upstream 400 whose JSON message spells the key in \u escapes, which the old redactor (raw
    /// text, before JSON decoding) let through to the client, the log and prompt_capture_failures.
    /// </summary>
    [Fact]
    public async Task Upstream_error_with_a_json_escaped_key_is_masked()
    {
        await using var h = await GatewayHarness.StartAsync();
        var escaped = string.Concat(GatewayHarness.UpstreamKey.Select(c => $"\\u{(int)c:x4}"));
        h.Upstream.DefaultReply = new FakeReply
        {
            ErrorStatus = 400,
            ErrorBody = $$$"""{"error":{"message":"Incorrect API key provided: {{{escaped}}}.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""",
        };

        var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        var body = await response.Content.ReadAsStringAsync();
        await h.FlushAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString();
        message.Should().Be("Incorrect API key provided: [redacted].");
        body.Should().NotContain(escaped);
        var stored = (string)Db.Scalar(h.DatabasePath, "select error_message from prompt_capture_failures")!;
        stored.Should().Contain("[redacted]").And.NotContain(GatewayHarness.UpstreamKey);
    }

    /// <summary>
    /// The second repro: a 200 answer that repeats the provider key (and one that repeats the gateway key, base64 in a
    /// header line) was stored in parts as it was; now parts, search index and payload hold the mask.
    /// </summary>
    [Fact]
    public async Task Answer_repeating_a_key_is_stored_masked()
    {
        await using var h = await GatewayHarness.StartAsync(apiKeys: [GatewayKey]);
        h.Http.DefaultRequestHeaders.Add("Authorization", "Bearer " + GatewayKey);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("me:" + GatewayKey));
        h.Upstream.Enqueue(new FakeReply { Content = $"Your provider key is {GatewayHarness.UpstreamKey}." },
            new FakeReply { Content = $"Send: Authorization: Basic {basic}" });

        var first = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        var second = await h.Http.PostChatAsync(Requests.Simple("fake-chat", $"My gateway key is {GatewayKey}, remember it"));
        await h.FlushAsync();

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = string.Join("\n", Db.Rows(h.DatabasePath, """
            select coalesce(text, '') || coalesce(payload, '') as t from parts
            union all select response_json from prompt_capture_responses
            union all select prompt || response from turn_search
            """).Select(r => r["t"] as string));
        stored.Should().Contain("Your provider key is [redacted].").And.Contain("My gateway key is [redacted], remember it");
        stored.Should().NotContain(GatewayHarness.UpstreamKey).And.NotContain(GatewayKey).And.NotContain(basic);
    }
}
