using System.Threading.Channels;
using PromptCapture.Capture.Store.Journal;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// The capture sink: each record is appended to the capture journal on the request path (in the OS before the
/// answer completes, fsynced in batches), one background writer commits records in batches to the llm database,
/// and the journal is cut once they are in. The in-memory queue only caches the encoded records, bounded by bytes;
/// past that the writer reads them back from the journal. A crash, a locked or slow database, or a stop that
/// cannot finish leaves records in the journal, written at the next start; nothing answered is lost.
/// </summary>
public sealed partial class CaptureStore : ICaptureSink, ICaptureStatus, IHostedService, IAsyncDisposable, Telemetry.ICaptureQueueView
{
    /// <summary>
    /// Records per transaction: large enough to amortize commits (1,024 against 256: about 15% less writer CPU per
    /// record in the bench, fewer WAL pages per record), small enough that llm writing the same file waits well under
    /// its busy timeout.
    /// </summary>
    private const int BatchSize = 1024;

    /// <summary>
    /// How long the writer lets records gather after the first one arrives: one commit then serves many requests
    /// instead of each paying its own. A record's cost falls steeply with the batch (about 2.4 times cheaper at 256
    /// than at 16: fewer WAL pages and FTS segments per record), and the journal already holds every record, so
    /// the only price is that a capture shows in the database up to this much later. FlushAsync cuts it short.
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>Completed by FlushAsync so a gathering writer writes at once; replaced each time it fires.</summary>
    private TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>First retry delay; doubles per failed attempt up to the configured maximum.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Checkpoints the log in the background as records are committed; null when capture is off.</summary>
    private readonly WalCheckpointer? _checkpointer;

    /// <summary>Settings this store was built with.</summary>
    private readonly CaptureStoreOptions _options;

    /// <summary>Where problems and recoveries are reported.</summary>
    private readonly ILogger<CaptureStore> _logger;

    /// <summary>
    /// The queue between request threads and the writer, in journal order; an entry keeps the encoded record only
    /// while the memory budget allows, otherwise just its place in the journal.
    /// </summary>
    private readonly Channel<Pending> _queue;

    /// <summary>The journal, once started; null when capture is off or its folder cannot be written (memory only).</summary>
    private CaptureJournal? _journal;

    /// <summary>Guards Submit against the journal closing under it at stop.</summary>
    private readonly Lock _journalLock = new();

    /// <summary>Completes when the segments a previous process left are written (or given up on).</summary>
    private readonly TaskCompletionSource _replayed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Bytes of encoded records held in memory now.</summary>
    private long _cachedBytes;

    /// <summary>Records held in memory now.</summary>
    private long _cachedCount;

    /// <summary>Most bytes ever held in memory at once.</summary>
    private long _peakCachedBytes;

    /// <summary>Records appended to the journal.</summary>
    private long _journaled;

    /// <summary>Records written from segments a previous process left.</summary>
    private long _replayedCount;

    /// <summary>FlushAsync callers waiting for the writer.</summary>
    private readonly FlushWaiters _waiters = new();

    /// <summary>Cancels the writer when stopping runs out of time.</summary>
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Set when stopping, so the drain writes at once instead of waiting for records to gather.</summary>
    private bool _stopping;

    /// <summary>The writer task, once started.</summary>
    private Task? _loop;

    /// <summary>The low-priority threads the writer's database work runs on, once started.</summary>
    private WriterThreads? _threads;

    /// <summary>The writer's connection; opened lazily and reopened after errors; null when capture is off.</summary>
    private readonly WriterConnection? _database;

    /// <summary>Records accepted into the queue.</summary>
    private long _submitted;

    /// <summary>Records the writer is done with (committed, or rejected as unwritable).</summary>
    private long _processed;

    /// <summary>Records committed.</summary>
    private long _written;

    /// <summary>Records not captured (queue full, store stopped, or rejected by the writer).</summary>
    private long _dropped;

    /// <summary>Deepest queue seen.</summary>
    private int _peakQueueDepth;

    /// <summary>1 while a run of drops is in progress, so the warning is logged once per run.</summary>
    private int _dropStreak;

    /// <summary>True while writes keep failing, so the error is logged once per outage.</summary>
    private bool _failing;

    /// <summary>The reason of the current outage, for readiness.</summary>
    private string? _problem;

    /// <summary>Set once disposed, so a second DisposeAsync (host, then container) is harmless.</summary>
    private int _disposed;

    /// <summary>Resolves the database path and whether capture is on; touches no file until started.</summary>
    public CaptureStore(CaptureStoreOptions options, ILogger<CaptureStore> logger)
    {
        _options = options;
        _logger = logger;
        // Unbounded in entries: an entry past the memory budget is a few dozen bytes (where it lies in the journal).
        _queue = Channel.CreateUnbounded<Pending>(); // not SingleReader: that variant cannot count its items
        if (options.NoLog)
        {
            _replayed.TrySetResult();
            return;
        }
        DatabasePath = LlmDatabaseLocation.Resolve(options.DatabasePath, createDirectory: false);
        Enabled = !LlmDatabaseLocation.IsLoggingOff(DatabasePath);
        if (!Enabled)
            _replayed.TrySetResult();
        _checkpointer = new WalCheckpointer(DatabasePath);
        _database = new WriterConnection(DatabasePath, logger);
    }

    /// <summary>The SQLite file captures go to; null when capture was turned off with NoLog.</summary>
    public string? DatabasePath { get; }

    /// <summary>Whether records are captured (false with NoLog or an llm logs-off file).</summary>
    public bool Enabled { get; }

    /// <summary>Records committed to the database so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records lost: not journaled and past the memory budget, submitted after stop, or rejected as unwritable.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records appended to the journal so far.</summary>
    public long Journaled => Interlocked.Read(ref _journaled);

    /// <summary>Records written at start from the journal a previous process left.</summary>
    public long Replayed => Interlocked.Read(ref _replayedCount);

    /// <summary>The most bytes of waiting records held in memory at once (the cache's bound is the options' budget).</summary>
    public long PeakCachedBytes => Interlocked.Read(ref _peakCachedBytes);

    /// <summary>The journal folder, once started with one.</summary>
    public string? JournalDirectory => _journal?.Directory;

    /// <summary>False while writes to the database keep failing (locked, read-only, disk full); for readiness checks.</summary>
    public bool Writable => !Volatile.Read(ref _failing);

    /// <summary>Why writes are failing (a path and SQLite's or our reason, never a secret), or null while they work.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>Records accepted and not yet written or given up on (the capture queue's depth metric).</summary>
    public long QueueDepth => Interlocked.Read(ref _submitted) - Interlocked.Read(ref _processed);

    /// <summary>The deepest the queue has been, to size capacity.</summary>
    public int PeakQueueDepth => Volatile.Read(ref _peakQueueDepth);

    /// <summary>Completes when every record submitted before the call is committed (or rejected).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _submitted);
        if (!Enabled || (Interlocked.Read(ref _processed) >= target && _replayed.Task.IsCompleted))
            return Task.CompletedTask;
        Volatile.Read(ref _hurry).TrySetResult();
        return Task.WhenAll(_replayed.Task, _waiters.WaitFor(target, () => Interlocked.Read(ref _processed))).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the writer should not leave its work to the idle-time thread: someone awaits a flush (a lookup of a
    /// recent response among them), the store is stopping, or it is still writing what an earlier run left (at start,
    /// where lookups wait for it). A backlog alone is no reason: under a burst of requests the records wait in the
    /// journal (and memory, within its budget) until the requests leave the cores free.
    /// </summary>
    private bool SomeoneWaits() => _waiters.Any || Volatile.Read(ref _stopping) || !_replayed.Task.IsCompleted;

    /// <summary>Starts the background writer (nothing to do when capture is off).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled && _loop is null)
        {
            Telemetry.GatewayTelemetry.WatchCapture(this);
            CaptureLog.Capturing(_logger, DatabasePath);
            OpenJournal();
            _threads = new WriterThreads(SomeoneWaits);
            _loop = Task.Run(() => RunAsync(_abort.Token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking records into the queue and drains it, up to <see cref="CaptureStoreOptions.StopDrainTimeout"/> or
    /// the token; what is not written by then stays in the journal, synced to disk, for the next start.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _stopping, true);
        Volatile.Read(ref _hurry).TrySetResult();
        _queue.Writer.TryComplete();
        if (_loop is null)
        {
            CloseJournal();
            return;
        }
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(_options.StopDrainTimeout);
        try
        {
            await _loop.WaitAsync(drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var left = Interlocked.Read(ref _submitted) - Interlocked.Read(ref _processed);
            if (_journal is not null)
                CaptureLog.StoppedJournaled(_logger, left, _journal.Directory);
            else
                CaptureLog.StoppedUndrained(_logger, left);
        }
        CloseJournal();
    }

    /// <summary>Stops (draining for up to 5 seconds) and releases the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await StopAsync(timeout.Token).ConfigureAwait(false);
        _database?.Close();
        _abort.Dispose();
    }
}
