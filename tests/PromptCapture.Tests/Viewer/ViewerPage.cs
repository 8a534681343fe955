using Microsoft.Playwright;
using PromptCapture.Tests.Fakes;

namespace PromptCapture.Tests.Viewer;

/// <summary>
/// The viewer open in a fresh browser context, recording every dialog (an alert means a captured script ran), every
/// page error and every console error (a CSP violation shows there), so tests can assert that none happened.
/// </summary>
public sealed class ViewerPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private ViewerPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Dialog += async (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => Errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                Errors.Add(message.Text);
        };
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Messages of dialogs that opened.</summary>
    public List<string> Dialogs { get; } = [];

    /// <summary>Page errors and console errors.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The browser context (cookies).</summary>
    public IBrowserContext Context => _context;

    /// <summary>Opens the viewer of <paramref name="gateway"/> at <paramref name="path"/>.</summary>
    public static async Task<ViewerPage> OpenAsync(Browser browser, GatewayHarness gateway, string path = "/", int width = 1280, int height = 860)
    {
        var (context, page) = await browser.NewPageAsync(gateway.Http.BaseAddress!.ToString(), width, height);
        var viewer = new ViewerPage(context, page);
        await page.GotoAsync(path);
        return viewer;
    }

    /// <summary>The rows of the conversation list.</summary>
    public ILocator ConversationRows => Page.Locator("#conversation-rows tr");

    /// <summary>Closes the context.</summary>
    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
