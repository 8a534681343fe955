using System.Text.Json;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Viewer.Api;

namespace PromptCapture.Viewer.Live;

/// <summary>
/// GET /_viewer/api/events: server-sent events telling an open viewer that something new was captured. Each event
/// carries the newest turn and failure ids; the page compares them with what it shows and fetches only then.
/// </summary>
internal sealed class EventsEndpoint(CaptureWatcher watcher, IHostApplicationLifetime lifetime)
{
    /// <summary>A comment this often keeps proxies from closing an idle stream and notices a tab that went away.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Streams marks until the client leaves or the gateway stops (so shutdown never waits on an open tab).</summary>
    public async Task StreamAsync(HttpContext context)
    {
        ViewerHeaders.Apply(context, page: false);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var token = ending.Token;
        using var subscription = watcher.Subscribe();
        try
        {
            await context.Response.WriteAsync("retry: 2000\n\n", token).ConfigureAwait(false);
            if (await CurrentAsync(token).ConfigureAwait(false) is { } current)
                await WriteMarkAsync(context, current, token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(KeepAlive);
                try
                {
                    var mark = await subscription.Marks.ReadAsync(wait.Token).ConfigureAwait(false);
                    await WriteMarkAsync(context, mark, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Threading.Channels.ChannelClosedException)
        {
            // The tab closed or the gateway is stopping: the stream simply ends.
        }
    }

    /// <summary>
    /// The newest mark for a new listener. The file can be busy for a moment (the gateway switching a copied llm file
    /// to WAL, a migration), so the read is tried again for a couple of seconds before the stream relies on the
    /// watcher's own loop, which delivers a mark as soon as it can read one.
    /// </summary>
    private async Task<CaptureMark?> CurrentAsync(CancellationToken token)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return watcher.Current();
            }
            catch (Microsoft.Data.Sqlite.SqliteException) when (attempt < FirstReadAttempts)
            {
                await Task.Delay(FirstReadPause, token).ConfigureAwait(false);
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                return null;
            }
        }
    }

    /// <summary>Tries of the first read before leaving it to the watcher's loop.</summary>
    private const int FirstReadAttempts = 20;

    /// <summary>Pause between those tries.</summary>
    private static readonly TimeSpan FirstReadPause = TimeSpan.FromMilliseconds(100);

    /// <summary>One "capture" event with the mark as JSON.</summary>
    private static async Task WriteMarkAsync(HttpContext context, CaptureMark mark, CancellationToken token)
    {
        var json = JsonSerializer.Serialize(mark, ViewerJsonContext.Default.CaptureMark);
        await context.Response.WriteAsync($"event: capture\ndata: {json}\n\n", token).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
    }
}
