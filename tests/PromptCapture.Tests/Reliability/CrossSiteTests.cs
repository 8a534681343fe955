using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using OpenAI;
using OpenAI.Chat;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>Web pages cannot use the gateway behind the user's back (CSRF, DNS rebinding); non-browser clients are unaffected.</summary>
public sealed class CrossSiteTests
{
    /// <summary>A page on another site posting a "simple" request (no preflight needed) is refused before anything reaches the upstream or the log.</summary>
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json")]
    public async Task Cross_site_post_is_refused_and_nothing_is_captured(string contentType)
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.SendAsync(Post(Requests.Simple("fake-chat", "spend their keys"), contentType, ("Origin", "https://evil.example")));
        var mine = await h.Http.PostChatAsync(Requests.Simple("fake-chat", "my own request"));
        await h.FlushAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("origin_not_allowed");
        error.GetProperty("message").GetString().Should().Contain("https://evil.example").And.Contain("--allowed-origin");
        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        mine.StatusCode.Should().Be(HttpStatusCode.OK);
        h.Upstream.Requests.Should().ContainSingle().Which.Body.Should().NotContain("spend their keys");
        Db.Scalar(h.DatabasePath, "select count(*) from turns").Should().Be(1L, "only the request without a foreign Origin was captured");
        Db.Scalar(h.DatabasePath, "select count(*) from prompt_capture_failures").Should().Be(0L);
    }

    /// <summary>DNS rebinding: the attacker's name resolves to 127.0.0.1, so only the Host header gives it away; /v1 answers OpenAI-shaped, other routes plain JSON.</summary>
    [Fact]
    public async Task Foreign_host_header_is_refused_everywhere()
    {
        await using var h = await GatewayHarness.StartAsync();

        var chat = await h.Http.SendAsync(Post(Requests.Simple("fake-chat"), "application/json", ("Host", "attacker.example")));
        using var healthRequest = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        healthRequest.Headers.Host = "attacker.example:11435";
        var health = await h.Http.SendAsync(healthRequest);

        chat.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var error = JsonDocument.Parse(await chat.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("host_not_allowed");
        error.GetProperty("type").GetString().Should().Be("permission_error");
        error.TryGetProperty("param", out _).Should().BeTrue();
        health.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().Should().Contain("attacker.example");
        h.Upstream.Requests.Should().BeEmpty();
    }

    /// <summary>Loopback names and addresses in any spelling a local client uses are accepted.</summary>
    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:11435")]
    [InlineData("app.localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3:80")]
    [InlineData("[::1]:11435")]
    public async Task Loopback_hosts_are_accepted(string host)
    {
        await using var h = await GatewayHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Host = host;

        var response = await h.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A web app the user allowed can call: its preflight is answered, and answers (errors too) carry its origin for CORS.</summary>
    [Fact]
    public async Task Allowed_origin_gets_cors_answers()
    {
        const string app = "http://localhost:5173";
        await using var h = await GatewayHarness.StartAsync(configure: o => o with { AllowedOrigins = [app] });
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/chat/completions");
        preflight.Headers.Add("Origin", app);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, x-stainless-os");

        var allowed = await h.Http.SendAsync(preflight);
        var chat = await h.Http.SendAsync(Post(Requests.Simple("fake-chat", "from my app"), "application/json", ("Origin", app)));
        var failed = await h.Http.SendAsync(Post("{}", "application/json", ("Origin", app)));
        var other = await h.Http.SendAsync(Post(Requests.Simple("fake-chat"), "text/plain", ("Origin", "http://localhost:5174")));

        allowed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(app);
        allowed.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("POST");
        allowed.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("authorization").And.Contain("x-stainless-os");
        chat.StatusCode.Should().Be(HttpStatusCode.OK);
        chat.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(app);
        (await chat.Content.ReadAsStringAsync()).Should().Contain("Hello from the fake upstream.");
        failed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        failed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(app);
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        h.Upstream.Requests.Should().ContainSingle();
    }

    /// <summary>A page served by the gateway itself (the viewer to come) calls it from its own origin, which needs no flag.</summary>
    [Fact]
    public async Task Own_origin_is_always_allowed()
    {
        await using var h = await GatewayHarness.StartAsync();
        var own = h.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var response = await h.Http.SendAsync(Post(Requests.Simple("fake-chat"), "application/json", ("Origin", own)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse("same-origin calls need no CORS");
    }

    /// <summary>
    /// "Origin: null" (a form post from a page with Referrer-Policy no-referrer) passes only when the browser marks the
    /// request same-origin; from anywhere else it is refused like any foreign origin.
    /// </summary>
    [Fact]
    public async Task Null_origin_passes_only_when_the_browser_says_same_origin()
    {
        await using var h = await GatewayHarness.StartAsync();
        var same = await h.Http.SendAsync(Post(Requests.Simple("fake-chat"), "text/plain", ("Origin", "null"), ("Sec-Fetch-Site", "same-origin")));
        var cross = await h.Http.SendAsync(Post(Requests.Simple("fake-chat"), "text/plain", ("Origin", "null"), ("Sec-Fetch-Site", "cross-site")));
        var bare = await h.Http.SendAsync(Post(Requests.Simple("fake-chat"), "text/plain", ("Origin", "null")));

        same.StatusCode.Should().Be(HttpStatusCode.OK);
        cross.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        bare.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    /// <summary>Clients that are not browsers send no Origin: the OpenAI SDK and a text/plain curl-style post keep working.</summary>
    [Fact]
    public async Task Clients_without_origin_are_served()
    {
        await using var h = await GatewayHarness.StartAsync();
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(h.BaseUrl) });

        ChatCompletion answer = await client.GetChatClient("fake-chat").CompleteChatAsync([new UserChatMessage("hi from the SDK")]);
        var curl = await h.Http.SendAsync(Post(Requests.Simple("fake-chat", "hi from curl"), "text/plain"));

        answer.Content[0].Text.Should().Be("Hello from the fake upstream.");
        curl.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>
    /// A browser marks requests it makes for another site with Sec-Fetch-Site even when it sends no Origin (an image, a
    /// frame); those are refused, while a top-level navigation (a link to the gateway) is not.
    /// </summary>
    [Fact]
    public async Task Cross_site_fetch_metadata_without_origin_is_refused_but_navigation_is_not()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var embedded = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        embedded.Headers.Add("Sec-Fetch-Site", "cross-site");
        embedded.Headers.Add("Sec-Fetch-Mode", "no-cors");
        embedded.Headers.Add("Sec-Fetch-Dest", "iframe");
        using var link = new HttpRequestMessage(HttpMethod.Get, "/health");
        link.Headers.Add("Sec-Fetch-Site", "cross-site");
        link.Headers.Add("Sec-Fetch-Mode", "navigate");
        link.Headers.Add("Sec-Fetch-Dest", "document");

        var refused = await h.Http.SendAsync(embedded);
        var navigated = await h.Http.SendAsync(link);

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("cross_site_request");
        navigated.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>--allowed-host on the real command line: the named host is answered, any other name still refused.</summary>
    [Fact]
    public async Task Allowed_host_flag_admits_that_host_name()
    {
        using var folder = new TempFolder("pc-hosts-");
        await File.WriteAllTextAsync(folder.File("providers.json"), """
            {"defaultModel":"echo","providers":[{"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]}]}
            """);
        await using var gateway = GatewayProcess.Start(folder.Path, null, "serve", "--port", "0", "--no-log", "--allowed-host", "gateway.lan:11435", "--allowed-host", "other.lan");
        var baseUrl = await gateway.WaitForAddressAsync();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl.Replace("/v1", "")) };

        var named = await http.SendAsync(Post(Requests.Simple("echo", "via the LAN name"), "application/json", ("Host", "Gateway.LAN:8080")));
        var unnamed = await http.SendAsync(Post(Requests.Simple("echo"), "application/json", ("Host", "attacker.example")));

        named.StatusCode.Should().Be(HttpStatusCode.OK, gateway.Output);
        (await named.Content.ReadAsStringAsync()).Should().Contain("via the LAN name");
        unnamed.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        gateway.Output.Should().Contain("gateway.lan").And.Contain("other.lan");
    }

    /// <summary>A POST to /v1/chat/completions with the given body, content type and headers.</summary>
    private static HttpRequestMessage Post(string body, string contentType, params (string Name, string Value)[] headers)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
                request.Headers.Host = value;
            else
                request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }
}
