using FluentAssertions;
using Microsoft.Playwright;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Viewer;

/// <summary>
/// Every captured text is attacker-controlled: HTML and scripts in prompts and answers must show as text and never
/// run, Markdown links must not carry javascript:, and with gateway keys the browser must log in first.
/// </summary>
public sealed class ViewerSecurityTests(Browser browser) : IClassFixture<Browser>
{
    /// <summary>Would set a flag or open a dialog if it ever became markup.</summary>
    private const string ImagePayload = "<img src=x onerror=\"window.__pwned=1;alert('img')\">";

    /// <summary>Would run if it ever became a script element.</summary>
    private const string ScriptPayload = "<script>window.__pwned=2;alert('script')</script>";

    /// <summary>
    /// Prompts and answers (list, search snippet, conversation, Markdown answer, failure) carrying HTML: no dialog, no
    /// flag, no injected element, no javascript: link, and the characters visible as typed.
    /// </summary>
    [Fact]
    public async Task Captured_html_and_scripts_show_as_text_and_never_run()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatAsync(ViewerRequests.Body("echo", "look " + ImagePayload + " and " + ScriptPayload));
        gateway.Upstream.Enqueue(new FakeReply
        {
            Content = "Answer " + ScriptPayload + " **bold " + ImagePayload + "** [click me](javascript:alert('link')) [data](data:text/html,<b>x</b>)",
            Reasoning = ImagePayload,
        });
        await gateway.ChatAsync(ViewerRequests.Body("fake-chat", "second " + ScriptPayload, system: ImagePayload));
        gateway.Upstream.Enqueue(new FakeReply { ErrorStatus = 400, ErrorMessage = "failure " + ImagePayload });
        await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(ViewerRequests.Body("fake-chat", ScriptPayload), System.Text.Encoding.UTF8, "application/json"));
        await gateway.FlushAsync();
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway);

        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.ConversationRows.Nth(1)).ToContainTextAsync(ImagePayload);
        await viewer.Page.FillAsync("#search", "pwned");
        await Assertions.Expect(viewer.Page.Locator(".snippet").First).ToContainTextAsync("pwned");
        await viewer.Page.FillAsync("#search", "");
        await Assertions.Expect(viewer.Page.Locator(".snippet")).ToHaveCountAsync(0);
        await viewer.ConversationRows.First.Locator("a").ClickAsync();
        var turn = viewer.Page.Locator(".turn").First;
        await Assertions.Expect(turn.Locator(".message.system")).ToContainTextAsync(ImagePayload);
        await Assertions.Expect(turn.Locator(".message.user")).ToContainTextAsync(ScriptPayload);
        await Assertions.Expect(turn.Locator(".message.assistant strong")).ToContainTextAsync(ImagePayload);
        await Assertions.Expect(turn.Locator(".message.assistant")).ToContainTextAsync("[click me](javascript:alert('link'))");
        await turn.Locator("details.reasoning summary").ClickAsync();
        await Assertions.Expect(turn.Locator("details.reasoning")).ToContainTextAsync(ImagePayload);
        await viewer.Page.GotoAsync("/#/failures");
        await Assertions.Expect(viewer.Page.Locator("#failure-rows tr")).ToContainTextAsync(ImagePayload);
        await viewer.Page.Locator("#failure-rows a").ClickAsync();
        await Assertions.Expect(viewer.Page.Locator(".failure-detail .message.user")).ToContainTextAsync(ScriptPayload);

        viewer.Dialogs.Should().BeEmpty("no captured script may run");
        (await viewer.Page.EvaluateAsync<bool>("() => window.__pwned === undefined")).Should().BeTrue();
        (await viewer.Page.Locator("img[src='x']").CountAsync()).Should().Be(0);
        (await viewer.Page.Locator("script").CountAsync()).Should().Be(1, "only the viewer's own module script is in the page");
        (await viewer.Page.Locator("a[href^='javascript'], a[href^='data']").CountAsync()).Should().Be(0);
        viewer.Errors.Should().BeEmpty("the page itself needs nothing its Content-Security-Policy forbids");
    }

    /// <summary>With keys on, the browser first meets the login form; a wrong key is refused, the right one opens the viewer.</summary>
    [Fact]
    public async Task With_gateway_keys_the_browser_logs_in_before_it_sees_captures()
    {
        const string key = "browser-login-key-5e2";
        await using var gateway = await GatewayHarness.StartAsync(apiKeys: [key]);
        await gateway.ChatAsync(ViewerRequests.Body("echo", "secret prompt behind the login"), key: key);
        await gateway.FlushAsync();
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway);

        await Assertions.Expect(viewer.Page.Locator("input[type=password]")).ToBeVisibleAsync();
        (await viewer.Page.ContentAsync()).Should().NotContain("secret prompt");
        await viewer.Page.FillAsync("#key", "wrong-key");
        await viewer.Page.ClickAsync("button[type=submit]");
        await Assertions.Expect(viewer.Page.Locator(".login-error")).ToBeVisibleAsync();
        await viewer.Page.FillAsync("#key", key);
        await viewer.Page.ClickAsync("button[type=submit]");

        await Assertions.Expect(viewer.ConversationRows.First).ToContainTextAsync("secret prompt behind the login");
        await Assertions.Expect(viewer.Page.Locator("#logout")).ToBeVisibleAsync();
        var cookie = (await viewer.Context.CookiesAsync()).Single();
        cookie.HttpOnly.Should().BeTrue();
        cookie.SameSite.Should().Be(SameSiteAttribute.Strict);
        cookie.Value.Should().NotContain(key);
        (await viewer.Page.EvaluateAsync<string>("() => document.cookie")).Should().BeEmpty("scripts cannot read the session");
        await viewer.Page.ClickAsync("#logout button");
        await Assertions.Expect(viewer.Page.Locator("input[type=password]")).ToBeVisibleAsync();
    }
}
