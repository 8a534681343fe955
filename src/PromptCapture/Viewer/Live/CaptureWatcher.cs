using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Viewer.Live;

/// <summary>
/// Notices new captures for every open viewer at once: one loop, running only while a viewer listens, reads the newest
/// turn and failure ids once a second (two lookups at the end of primary key indexes on its own read-only
/// connection) and hands a change to every listener. It never touches the capture writer, so rows written by another
/// process (llm itself) show up the same way, and a hundred open tabs cost the database what one does.
/// </summary>
internal sealed partial class CaptureWatcher(ViewerSite site, ILogger<CaptureWatcher> logger) : IDisposable
{
    /// <summary>How often the database is looked at while someone listens.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Guards the listener list, the running flag and the last mark.</summary>
    private readonly Lock _gate = new();

    /// <summary>One channel per open viewer stream.</summary>
    private readonly List<Channel<CaptureMark>> _listeners = [];

    /// <summary>Cancelled when the host shuts down; no loop starts after that.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Whether the polling loop is running (it stops when the last listener leaves).</summary>
    private bool _running;

    /// <summary>The loop's newest mark (under <see cref="_gate"/>), handed to a listener that joins a running loop.</summary>
    private CaptureMark? _lastMark;

    /// <summary>Registers a listener; it gets the newest mark whenever it changes. Dispose the subscription to leave.</summary>
    public Subscription Subscribe()
    {
        // One slot, newest wins: a slow tab gets the latest mark, never a backlog.
        var channel = Channel.CreateBounded<CaptureMark>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            // A running loop only speaks on a change: the newcomer starts from what it saw last.
            if (_running && _lastMark is { } seen)
                channel.Writer.TryWrite(seen);
            _listeners.Add(channel);
            if (!_running && !_stopping.IsCancellationRequested)
            {
                _running = true;
                _ = Task.Run(LoopAsync);
            }
        }
        return new Subscription(this, channel);
    }

    /// <summary>The mark right now, read on a connection of its own (a new listener's starting point).</summary>
    public CaptureMark Current()
    {
        if (!File.Exists(site.DatabasePath))
            return new CaptureMark(null, null);
        using var connection = ReadOnlyDatabase.Open(site.DatabasePath);
        return CaptureMarks.Read(connection);
    }

    /// <summary>Stops the loop for good (the host is shutting down).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Looks once per interval while anyone listens; exits (closing its connection) when the last one leaves.</summary>
    private async Task LoopAsync()
    {
        SqliteConnection? connection = null;
        CaptureMark? last = null;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                lock (_gate)
                {
                    if (_listeners.Count == 0)
                    {
                        _running = false;
                        return;
                    }
                }
                var mark = Read(ref connection);
                if (mark is not null && mark != last)
                {
                    last = mark;
                    Channel<CaptureMark>[] listeners;
                    lock (_gate)
                    {
                        _lastMark = mark;
                        listeners = [.. _listeners];
                    }
                    foreach (var listener in listeners)
                        listener.Writer.TryWrite(mark);
                }
            }
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Shutting down: no new loop starts after this.
        }
        finally
        {
            // _running was cleared under the lock where the loop chose to end, so a listener arriving now starts a new one.
            Close(ref connection);
        }
    }

    /// <summary>The current mark on the loop's connection, opened when the file exists; null (and reopened next time) on an error.</summary>
    private CaptureMark? Read(ref SqliteConnection? connection)
    {
        try
        {
            if (connection is null)
            {
                if (!File.Exists(site.DatabasePath))
                    return new CaptureMark(null, null);
                connection = ReadOnlyDatabase.Open(site.DatabasePath);
            }
            return CaptureMarks.Read(connection);
        }
        catch (SqliteException ex)
        {
            LogReadFailed(logger, site.DatabasePath, ex.Message);
            Close(ref connection);
            return null;
        }
    }

    /// <summary>Closes the loop's connection and forgets its prepared statements.</summary>
    private static void Close(ref SqliteConnection? connection)
    {
        if (connection is null)
            return;
        SqliteCommands.ForgetPrepared(connection);
        connection.Dispose();
        connection = null;
    }

    /// <summary>Removes a listener.</summary>
    private void Leave(Channel<CaptureMark> channel)
    {
        lock (_gate) _listeners.Remove(channel);
        channel.Writer.TryComplete();
    }

    /// <summary>Debug only: a locked or half-written file is normal for a moment, and the next look tries again.</summary>
    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Viewer could not read {Path} for new captures: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string path, string reason);

    /// <summary>One listener's feed of marks.</summary>
    /// <param name="watcher">The watcher to leave on dispose.</param>
    /// <param name="channel">The listener's channel.</param>
    public sealed class Subscription(CaptureWatcher watcher, Channel<CaptureMark> channel) : IDisposable
    {
        /// <summary>Marks as they change.</summary>
        public ChannelReader<CaptureMark> Marks => channel.Reader;

        /// <summary>Leaves the watcher (the loop stops when nobody is left).</summary>
        public void Dispose() => watcher.Leave(channel);
    }
}
