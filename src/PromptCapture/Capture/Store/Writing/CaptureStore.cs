using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// The capture sink: requests hand records over without waiting, one background writer commits them in batches
/// to the llm database, and a locked or unwritable file only delays writing, never the gateway or the data.
/// </summary>
public sealed class CaptureStore : ICaptureSink, ICaptureStatus, IHostedService, IAsyncDisposable, Telemetry.ICaptureQueueView
{
    /// <summary>Records per transaction: large enough to amortize commits, small enough to keep locks short.</summary>
    private const int BatchSize = 256;

    /// <summary>
    /// How long the writer lets records gather after the first one arrives: one commit then serves many requests
    /// instead of each paying its own, and the writer takes the CPU in fewer, larger bursts.
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(10);

    /// <summary>Records per transaction while the writer keeps up: under a millisecond of work.</summary>
    private const int SliceSize = 4;

    /// <summary>Pause between slices while the writer keeps up, leaving the cores to requests.</summary>
    private static readonly TimeSpan SlicePause = TimeSpan.FromMilliseconds(1);

    /// <summary>The writer connection's page cache, in KiB.</summary>
    private const int PageCacheKiB = 32 * 1024;

    /// <summary>How long SQLite waits on a lock inside one attempt before we back off and retry.</summary>
    private const int BusyTimeoutMs = 1000;

    /// <summary>First retry delay; doubles per failed attempt up to the configured maximum.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Checkpoints the log in the background as records are committed; null when capture is off.</summary>
    private readonly WalCheckpointer? _checkpointer;

    /// <summary>Settings this store was built with.</summary>
    private readonly CaptureStoreOptions _options;

    /// <summary>Where problems and recoveries are reported.</summary>
    private readonly ILogger<CaptureStore> _logger;

    /// <summary>The queue between request threads and the writer; bounded so memory stays bounded.</summary>
    private readonly Channel<CaptureRecord> _queue;

    /// <summary>FlushAsync callers waiting for the writer.</summary>
    private readonly FlushWaiters _waiters = new();

    /// <summary>Cancels the writer when stopping runs out of time.</summary>
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Set when stopping, so the drain writes at once instead of waiting for records to gather.</summary>
    private bool _stopping;

    /// <summary>The writer task, once started.</summary>
    private Task? _loop;

    /// <summary>The writer's connection; opened lazily and reopened after errors.</summary>
    private SqliteConnection? _connection;

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
        _queue = Channel.CreateBounded<CaptureRecord>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite this means "refuse", never block or evict
            SingleReader = true,
        });
        if (options.NoLog)
            return;
        DatabasePath = LlmDatabaseLocation.Resolve(options.DatabasePath, createDirectory: false);
        Enabled = !LlmDatabaseLocation.IsLoggingOff(DatabasePath);
        _checkpointer = new WalCheckpointer(DatabasePath);
    }

    /// <summary>The SQLite file captures go to; null when capture was turned off with NoLog.</summary>
    public string? DatabasePath { get; }

    /// <summary>Whether records are captured (false with NoLog or an llm logs-off file).</summary>
    public bool Enabled { get; }

    /// <summary>Records committed to the database so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records lost: refused by a full queue or after stop, or rejected as unwritable.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>False while writes to the database keep failing (locked, read-only, disk full); for readiness checks.</summary>
    public bool Writable => !Volatile.Read(ref _failing);

    /// <summary>Why writes are failing (a path and SQLite's or our reason, never a secret), or null while they work.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>Records accepted and not yet written or given up on (the capture queue's depth metric).</summary>
    public long QueueDepth => Interlocked.Read(ref _submitted) - Interlocked.Read(ref _processed);

    /// <summary>The deepest the queue has been, to size capacity.</summary>
    public int PeakQueueDepth => Volatile.Read(ref _peakQueueDepth);

    /// <summary>Queues a record and returns at once; when the queue is full the record is counted as dropped.</summary>
    public void Submit(CaptureRecord record)
    {
        if (!Enabled)
            return;
        if (_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _submitted);
            RecordDepth((int)(Interlocked.Read(ref _submitted) - Interlocked.Read(ref _processed)));
            if (Interlocked.Exchange(ref _dropStreak, 0) == 1)
                _logger.LogInformation("Capture queue is accepting records again.");
            return;
        }
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _dropStreak, 1) == 0)
        {
            _logger.LogWarning("Capture queue is full ({Capacity} records) or stopped; dropping captures until it drains.",
                _options.QueueCapacity);
        }
    }

    /// <summary>Completes when every record submitted before the call is committed (or rejected).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _submitted);
        if (!Enabled || Interlocked.Read(ref _processed) >= target)
            return Task.CompletedTask;
        return _waiters.WaitFor(target, () => Interlocked.Read(ref _processed)).WaitAsync(cancellationToken);
    }

    /// <summary>Starts the background writer (nothing to do when capture is off).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled && _loop is null)
        {
            Telemetry.GatewayTelemetry.WatchCapture(this);
            _logger.LogInformation("Capturing exchanges to {Path}", DatabasePath);
            _loop = Task.Run(() => RunAsync(_abort.Token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting records and drains the queue, giving up (and saying so) when the token fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _stopping, true);
        _queue.Writer.TryComplete();
        if (_loop is null)
            return;
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var lost = Interlocked.Read(ref _submitted) - Interlocked.Read(ref _processed);
            _logger.LogWarning("Stopped before the capture queue drained; {Count} records were not written.", lost);
        }
    }

    /// <summary>Stops (draining for up to 5 seconds) and releases the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await StopAsync(timeout.Token).ConfigureAwait(false);
        CloseConnection();
        _abort.Dispose();
    }

    /// <summary>The writer: takes what is queued (up to a batch), commits it, repeats until the queue completes.</summary>
    private async Task RunAsync(CancellationToken abort)
    {
        var batch = new List<CaptureRecord>(BatchSize);
        try
        {
            await PrepareAsync(abort).ConfigureAwait(false);
            while (await _queue.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                // Behind: write flat out in large batches. Keeping up: gather for a moment, then write in small
                // slices with a pause between them, so the writer never holds a core long enough to delay a request.
                var keepingUp = _queue.Reader.Count < BatchSize && !Volatile.Read(ref _stopping);
                if (keepingUp)
                    await Task.Delay(GatherWindow, abort).ConfigureAwait(false);
                var limit = keepingUp ? SliceSize : BatchSize;
                while (batch.Count < limit && _queue.Reader.TryRead(out var record))
                    batch.Add(_options.Redact is { } redact ? CaptureRedaction.Apply(record, redact) : record);
                await WriteWithRetryAsync(batch, abort).ConfigureAwait(false);
                batch.Clear();
                if (keepingUp && _queue.Reader.Count > 0)
                    await Task.Delay(SlicePause, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Stop ran out of time; StopAsync reports how much was left.
        }
        catch (Exception ex)
        {
            // A database that cannot be used at all (e.g. a foreign file at the path): say so once, stop taking
            // records, and release everyone waiting, so the gateway keeps serving and shuts down cleanly.
            _failing = true;
            Volatile.Write(ref _problem, ex.Message);
            // Someone else's file is a plain fact, not a fault: its one line needs no stack trace.
            _logger.LogCritical(ex is ForeignDatabaseException ? null : ex,
                "Capture stopped: the database {Path} cannot be used ({Reason}). Requests are still served but not captured.",
                DatabasePath, ex.Message);
            _queue.Writer.TryComplete();
            var lost = batch.Count;
            while (_queue.Reader.TryRead(out _))
                lost++;
            Interlocked.Add(ref _dropped, lost);
            Completed(lost, written: false);
            _waiters.Release(long.MaxValue);
        }
        finally
        {
            if (_checkpointer is not null)
                await _checkpointer.DrainAsync().ConfigureAwait(false);
            CloseConnection();
        }
    }

    /// <summary>
    /// Opens the database and ensures the schema at start, so the file and llm's tables exist (and a bad path is
    /// reported) before the first exchange; retried like writes while the file is locked.
    /// </summary>
    private Task PrepareAsync(CancellationToken abort) => RetryWhileTransientAsync(() => OpenConnection(), abort);

    /// <summary>
    /// Runs a database step until it succeeds, backing off while the failure is transient (locked, unwritable);
    /// the first failure of an outage is logged once, the recovery once.
    /// </summary>
    private async Task RetryWhileTransientAsync(Action step, CancellationToken abort)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                step();
                RecoveredIfFailing();
                return;
            }
            catch (Exception ex) when (TransientErrors.IsTransient(ex))
            {
                CloseConnection();
                ReportFailure(ex);
                await Task.Delay(RetryDelay(attempt), abort).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Commits a batch, retrying with backoff while the database is locked or unwritable (the batch stays in
    /// memory); a batch that fails for another reason is split so only the records that cannot be written are lost.
    /// </summary>
    private async Task WriteWithRetryAsync(List<CaptureRecord> batch, CancellationToken abort)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await RetryWhileTransientAsync(() => new LlmLogWriter(OpenConnection()).WriteBatch(batch), abort).ConfigureAwait(false);
            Telemetry.CaptureTelemetry.BatchWritten(System.Diagnostics.Stopwatch.GetElapsedTime(started), batch.Count);
            Completed(batch.Count, written: true);
            _checkpointer?.Committed(batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && batch.Count > 1)
        {
            _logger.LogDebug(ex, "A capture batch failed; writing its records one by one to isolate the bad one.");
            foreach (var record in batch)
                await WriteWithRetryAsync([record], abort).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Dropping a capture record the store cannot write.");
            Interlocked.Increment(ref _dropped);
            Completed(1, written: false);
        }
    }

    /// <summary>Logs the first failure of an outage as one clear error; the retries that follow stay quiet.</summary>
    private void ReportFailure(Exception ex)
    {
        if (_failing)
            return;
        _failing = true;
        Volatile.Write(ref _problem, ex.Message);
        _logger.LogError(ex, "Cannot write the capture database {Path} ({Reason}); keeping captures in memory and retrying.",
            DatabasePath, ex.Message);
    }

    /// <summary>Ends an outage with one info line, so the log shows when capture resumed.</summary>
    private void RecoveredIfFailing()
    {
        if (!_failing)
            return;
        _failing = false;
        Volatile.Write(ref _problem, null);
        _logger.LogInformation("Capture database {Path} is writable again; kept captures are being written.", DatabasePath);
    }

    /// <summary>Counts finished records and wakes FlushAsync callers.</summary>
    private void Completed(int count, bool written)
    {
        if (written)
            Interlocked.Add(ref _written, count);
        _waiters.Release(Interlocked.Add(ref _processed, count));
    }

    /// <summary>Exponential backoff: 50 ms, 100 ms, ... capped by the options.</summary>
    private TimeSpan RetryDelay(int attempt)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(attempt, 16));
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    /// <summary>
    /// Opens the database if needed: directory created, WAL so readers (llm, Datasette) never block the writer,
    /// synchronous=NORMAL (safe with WAL), a short busy timeout, and llm's schema ensured on every (re)open.
    /// </summary>
    private SqliteConnection OpenConnection()
    {
        if (_connection is not null)
            return _connection;
        var path = DatabasePath!;
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);
        // Before the first write of any kind (journal mode included): a file that is not llm's stays as it was.
        LlmFileCheck.ThrowIfForeign(path);
        var connection = new SqliteConnection(ConnectionString(path));
        try
        {
            connection.Open();
            connection.Execute(null, "PRAGMA journal_mode=WAL");
            connection.Execute(null, "PRAGMA synchronous=NORMAL");
            // e_sqlite3 enforces foreign keys by default; llm (Python's sqlite3) writes with them off, and the checks
            // cost about a tenth of the writer's time for rows that are consistent by construction.
            connection.Execute(null, "PRAGMA foreign_keys=OFF");
            connection.Execute(null, $"PRAGMA busy_timeout={BusyTimeoutMs}");
            // A page cache that holds the hot index pages of a large database (the default 2 MB misses on nearly every
            // content-addressed insert), and checkpoints moved off the commit path (see WalCheckpointer).
            connection.Execute(null, $"PRAGMA cache_size=-{PageCacheKiB}");
            connection.Execute(null, "PRAGMA wal_autocheckpoint=0");
            var state = LlmSchema.Ensure(connection);
            if (state != SchemaState.AlreadyCurrent)
                _logger.LogInformation("Prepared llm schema in {Path} ({State}).", path, state);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _connection = connection;
        return connection;
    }

    /// <summary>Unpooled, so closing really releases the file; a short command timeout bounds one attempt.</summary>
    internal static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    /// <summary>Drops the connection so the next attempt starts clean.</summary>
    private void CloseConnection()
    {
        if (_connection is not null)
            SqliteCommands.ForgetPrepared(_connection);
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>Raises the peak queue depth if this depth is deeper.</summary>
    private void RecordDepth(int depth)
    {
        var peak = Volatile.Read(ref _peakQueueDepth);
        while (depth > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakQueueDepth, depth, peak);
            if (seen == peak) return;
            peak = seen;
        }
    }
}
