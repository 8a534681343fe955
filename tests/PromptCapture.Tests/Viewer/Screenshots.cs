using FluentAssertions;
using Microsoft.Playwright;

namespace PromptCapture.Tests.Viewer;

/// <summary>
/// Screenshots the browser tests take: always checked to be a picture, and written over docs/ (the README's) only when
/// PROMPT_CAPTURE_UPDATE_SCREENSHOTS=1, so an ordinary test run never changes the repository.
/// </summary>
public static class Screenshots
{
    /// <summary>Takes the screenshot and keeps it as docs/<paramref name="name"/> when asked to.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false, Animations = ScreenshotAnimations.Disabled });
        bytes.Take(8).Should().Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "the screenshot is a PNG");
        if (Environment.GetEnvironmentVariable("PROMPT_CAPTURE_UPDATE_SCREENSHOTS") == "1")
            await File.WriteAllBytesAsync(Path.Combine(RepoRoot.Find(), "docs", name), bytes);
    }
}
