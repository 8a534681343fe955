using System.Net;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Viewer;
using Xunit;

namespace PromptCapture.Tests.Viewer;

/// <summary>Who may see captures: the key login and its cookie, the bearer key, and when the viewer is off.</summary>
public sealed class ViewerAccessTests
{
    private const string Key = "viewer-test-key-83b1c";

    /// <summary>
    /// With keys on, data needs a session or the key; a wrong key shows the form again; a right one sets an HttpOnly,
    /// SameSite=Strict cookie that holds a random token, never the key, and logging out ends it.
    /// </summary>
    [Fact]
    public async Task With_gateway_keys_the_viewer_needs_a_login_whose_cookie_never_holds_the_key()
    {
        await using var gateway = await GatewayHarness.StartAsync(apiKeys: [Key]);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = gateway.Http.BaseAddress };

        var anonymous = await http.GetAsync("/_viewer/api/conversations");
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        pageRequest.Headers.Accept.ParseAdd("text/html");
        var page = await (await http.SendAsync(pageRequest)).Content.ReadAsStringAsync();
        var wrong = await http.PostAsync("/_viewer/login", new FormUrlEncodedContent([new("key", "not-the-key")]));
        var right = await http.PostAsync("/_viewer/login", new FormUrlEncodedContent([new("key", Key)]));
        var cookie = right.Headers.GetValues("Set-Cookie").Single();
        var session = cookie.Split(';')[0];
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/_viewer/api/conversations");
        withCookie.Headers.Add("Cookie", session);
        var allowed = await http.SendAsync(withCookie);
        var bearer = await gateway.ViewerJsonAsync("/_viewer/api/info", Key);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/_viewer/logout");
        logout.Headers.Add("Cookie", session);
        await http.SendAsync(logout);
        using var afterLogout = new HttpRequestMessage(HttpMethod.Get, "/_viewer/api/conversations");
        afterLogout.Headers.Add("Cookie", session);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.Content.ReadAsStringAsync()).Should().Contain("viewer_login_required");
        page.Should().Contain("action=\"/_viewer/login\"").And.Contain("type=\"password\"");
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).Should().Contain("role=\"alert\"");
        wrong.Headers.Contains("Set-Cookie").Should().BeFalse();
        right.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        right.Headers.Location!.ToString().Should().Be("/");
        cookie.Should().Contain("httponly").And.Contain("samesite=strict").And.NotContain(Key);
        session.Should().StartWith("promptcapture_viewer=");
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        bearer.GetProperty("login_required").GetBoolean().Should().BeTrue();
        (await http.SendAsync(afterLogout)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    /// <summary>--no-viewer leaves / answering plainly to a browser too, and the viewer's routes do not exist.</summary>
    [Fact]
    public async Task No_viewer_turns_the_page_and_its_data_off()
    {
        await using var gateway = await GatewayHarness.StartAsync(viewer: ViewerMode.Off);
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        pageRequest.Headers.Accept.ParseAdd("text/html");

        var page = await gateway.Http.SendAsync(pageRequest);
        var data = await gateway.Http.GetAsync("/_viewer/api/conversations");

        (await page.Content.ReadAsStringAsync()).Should().Be(ViewerEndpoints.RunningText);
        data.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <summary>Captures are every prompt sent: an exposed bind without a key hides them unless the user forces the viewer on.</summary>
    [Theory]
    [InlineData(ViewerMode.Auto, "127.0.0.1", 0, true, false, false)]
    [InlineData(ViewerMode.Auto, "localhost", 0, true, false, false)]
    [InlineData(ViewerMode.Auto, "::1", 0, true, false, false)]
    [InlineData(ViewerMode.Auto, "0.0.0.0", 0, false, false, false)]
    [InlineData(ViewerMode.Auto, "0.0.0.0", 1, true, true, false)]
    [InlineData(ViewerMode.On, "0.0.0.0", 0, true, false, true)]
    [InlineData(ViewerMode.On, "192.168.1.5", 2, true, true, false)]
    [InlineData(ViewerMode.Off, "127.0.0.1", 0, false, false, false)]
    public void The_viewer_is_on_for_loopback_or_keys_and_off_when_exposed_without_one_unless_forced(
        ViewerMode mode, string host, int keys, bool enabled, bool login, bool exposed)
    {
        var decision = ViewerDecision.Decide(mode, host, keys);

        decision.Enabled.Should().Be(enabled);
        decision.LoginRequired.Should().Be(login);
        decision.ExposedWithoutKey.Should().Be(exposed);
        (decision.Reason is null).Should().Be(enabled);
    }
}
