using FluentAssertions;
using Microsoft.Playwright;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Viewer;

/// <summary>The viewer in a real browser (headless Chromium) against captures made through a real gateway.</summary>
public sealed class ViewerBrowserTests(Browser browser) : IClassFixture<Browser>
{
    /// <summary>A few exchanges like a user's day: two clients, a continued conversation, a Markdown answer with reasoning.</summary>
    private static async Task CaptureADayAsync(GatewayHarness gateway)
    {
        await gateway.ChatAsync(ViewerRequests.Body("echo", "Suggest a name for a pet pelican"), "llm-editor/0.9");
        await gateway.ChatAsync("""{"model":"echo","messages":[{"role":"user","content":"Suggest a name for a pet pelican"},{"role":"assistant","content":"Suggest a name for a pet pelican"},{"role":"user","content":"Now one for a walrus"}]}""", "llm-editor/0.9");
        gateway.Upstream.Enqueue(new FakeReply { Content = "Use **Wallace**.\n\n```\nname = 'Wallace'\n```\n\n- short\n- friendly", Reasoning = "Walruses are stately." });
        await gateway.ChatAsync(ViewerRequests.Body("fake-chat", "How should I name a walrus?", system: "You name animals."), "OpenAI/Python 2.3.0");
        await gateway.FlushAsync();
    }

    /// <summary>
    /// The list shows every conversation with its client; j then Enter opens the first, whose answer is rendered
    /// Markdown with its reasoning folded; Esc goes back. The theme switch reaches dark.
    /// </summary>
    [Fact]
    public async Task The_list_shows_captures_and_the_keyboard_opens_a_conversation()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await CaptureADayAsync(gateway);
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway);

        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.ConversationRows.First).ToContainTextAsync("How should I name a walrus?");
        await Assertions.Expect(viewer.ConversationRows.First).ToContainTextAsync("OpenAI/Python");
        await Assertions.Expect(viewer.ConversationRows.Nth(1)).ToContainTextAsync("llm-editor/0.9");
        await Screenshots.SaveAsync(viewer.Page, "viewer.png");
        await viewer.Page.Keyboard.PressAsync("j");
        await viewer.Page.Keyboard.PressAsync("Enter");

        var turn = viewer.Page.Locator(".turn").First;
        await Assertions.Expect(turn).ToContainTextAsync("You name animals.");
        await Assertions.Expect(turn.Locator(".message.assistant .markdown strong")).ToHaveTextAsync("Wallace");
        await Assertions.Expect(turn.Locator(".message.assistant pre code")).ToHaveTextAsync("name = 'Wallace'");
        await Assertions.Expect(turn.Locator(".message.assistant li")).ToHaveCountAsync(2);
        (await turn.Locator("details.reasoning").GetAttributeAsync("open")).Should().BeNull("reasoning starts folded");
        await Screenshots.SaveAsync(viewer.Page, "viewer-conversation.png");
        await viewer.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(viewer.Page.Locator("#view-conversations")).ToBeVisibleAsync();
        await viewer.Page.ClickAsync("#theme-toggle");
        await viewer.Page.ClickAsync("#theme-toggle");
        (await viewer.Page.Locator("html").GetAttributeAsync("data-theme")).Should().Be("dark");
        viewer.Errors.Should().BeEmpty();
    }

    /// <summary>Typing narrows the list through llm's full-text index, and the match is highlighted.</summary>
    [Fact]
    public async Task Typing_in_the_search_box_narrows_the_list_and_highlights_the_match()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await CaptureADayAsync(gateway);
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway);
        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(2);

        await viewer.Page.FillAsync("#search", "pelican");

        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(1);
        await Assertions.Expect(viewer.ConversationRows.First.Locator("mark").First).ToHaveTextAsync("pelican", new() { IgnoreCase = true });
        await viewer.Page.FillAsync("#search", "");
        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.Page.Locator(".snippet")).ToHaveCountAsync(0);
    }

    /// <summary>A failed exchange is in the failures view, marked as one, and opens to its error and request.</summary>
    [Fact]
    public async Task A_failure_is_shown_apart_with_its_error()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Upstream.Enqueue(new FakeReply { ErrorStatus = 400, ErrorMessage = "Upstream said no to this." });
        await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(ViewerRequests.Body("fake-chat", "please fail"), System.Text.Encoding.UTF8, "application/json"));
        await gateway.FlushAsync();
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway, "/#/failures");

        var row = viewer.Page.Locator("#failure-rows tr.failure");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Upstream said no to this.");
        await Assertions.Expect(row).ToContainTextAsync("400");
        await row.Locator("a").ClickAsync();
        await Assertions.Expect(viewer.Page.Locator(".failure-detail .error").First).ToContainTextAsync("Upstream said no to this.");
        await Assertions.Expect(viewer.Page.Locator(".failure-detail .message.user")).ToContainTextAsync("please fail");
    }

    /// <summary>The usage view draws tokens per day per model as SVG bars and lists totals per alias.</summary>
    [Fact]
    public async Task The_usage_view_draws_a_chart_and_totals_per_alias()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await CaptureADayAsync(gateway);
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway, "/#/usage");

        await Assertions.Expect(viewer.Page.Locator("#usage-svg rect.bar")).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.Page.Locator("#usage-rows tr")).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.Page.Locator("#usage-rows")).ToContainTextAsync("fake-chat");
        await Assertions.Expect(viewer.Page.Locator(".legend li")).ToHaveCountAsync(2);
    }

    /// <summary>New captures appear without a reload; paused, they are only counted until the view is resumed.</summary>
    [Fact]
    public async Task A_new_capture_appears_live_and_waits_while_paused()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatSimpleAsync("echo", "already there");
        await gateway.FlushAsync();
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway);
        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(1);
        await viewer.Page.WaitForFunctionAsync("() => document.querySelector('#live-toggle').title.startsWith('New captures')");

        await gateway.ChatSimpleAsync("echo", "arrived while watching");
        await Assertions.Expect(viewer.ConversationRows.First).ToContainTextAsync("arrived while watching");
        await viewer.Page.ClickAsync("#live-toggle");
        await gateway.ChatSimpleAsync("echo", "arrived while paused");
        await Assertions.Expect(viewer.Page.Locator("#live-toggle")).ToHaveTextAsync("Paused (1 new)");
        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(2);
        await viewer.Page.ClickAsync("#live-toggle");

        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(3);
        await Assertions.Expect(viewer.ConversationRows.First).ToContainTextAsync("arrived while paused");
    }

    /// <summary>On a phone-sized screen the table becomes labelled cards: no header row, every row still readable.</summary>
    [Fact]
    public async Task On_a_phone_the_list_becomes_cards()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await CaptureADayAsync(gateway);
        await using var viewer = await ViewerPage.OpenAsync(browser, gateway, "/", width: 390, height: 800);

        await Assertions.Expect(viewer.ConversationRows).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.Page.Locator("#conversation-table thead")).ToBeHiddenAsync();
        await Assertions.Expect(viewer.ConversationRows.First).ToHaveCSSAsync("display", "block");
        await viewer.Page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 390"); // nothing sticks out sideways
        await Screenshots.SaveAsync(viewer.Page, "viewer-phone.png");
    }
}
