using Microsoft.Playwright;
using Xunit;

namespace PromptCapture.Tests.Fakes;

/// <summary>
/// One headless Chromium for a test class, driven by Playwright for .NET. Playwright's own browser download cannot work
/// on these machines, so it drives the distribution's chromium (apt-get install chromium; .ci/run installs it), or the
/// executable PROMPT_CAPTURE_CHROMIUM names. A missing browser fails the tests loudly rather than skipping them.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "pc-chromium-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where chromium is looked for, first match wins.</summary>
    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("PROMPT_CAPTURE_CHROMIUM") is { Length: > 0 } given)
            yield return given;
        yield return "/usr/bin/chromium";
        yield return "/usr/bin/chromium-browser";
        yield return "/usr/bin/google-chrome";
    }

    /// <summary>Starts Playwright's driver and the browser.</summary>
    public async Task InitializeAsync()
    {
        var executable = Candidates().FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("No chromium found (looked at PROMPT_CAPTURE_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome). Install it: apt-get install -y chromium");
        Directory.CreateDirectory(_profile);
        Assertions.SetDefaultExpectTimeout(20_000); // a loaded 2-core CI machine, not a slow page: expectations poll until then
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A fresh context (own cookies and storage) and page; dispose the context at the end of the test.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(string baseUrl, int width = 1280, int height = 860)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return (context, page);
    }

    /// <summary>Closes the browser and the driver, and deletes the profile folder.</summary>
    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
