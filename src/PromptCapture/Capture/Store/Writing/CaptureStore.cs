using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Journal;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Schema;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// The capture sink: each record is appended to the capture journal on the request path (in the OS before the
/// answer completes, fsynced in batches), one background writer commits records in batches to the llm database,
/// and the journal is cut once they are in. The in-memory queue only caches the encoded records, bounded by bytes;
/// past that the writer reads them back from the journal. A crash, a locked or slow database, or a stop that
/// cannot finish leaves records in the journal, written at the next start; nothing answered is lost.
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

    /// <summary>
    /// Masks secrets, gives the record its id, encodes it and appends it to the journal, then queues it; returns
    /// without waiting for the database or for fsync. Only a record that can be neither journaled nor kept within
    /// the memory budget is counted as dropped.
    /// </summary>
    public void Submit(CaptureRecord record)
    {
        if (!Enabled)
            return;
        if (_options.Redact is { } redact)
            record = CaptureRedaction.Apply(record, redact);
        record = record with { TurnId = record.TurnId ?? Ulid.NewUlid() };
        var bytes = JournalCodec.Encode(record);
        // One lock for the append and the enqueue, so the queue is in journal order and a commit acknowledges a prefix.
        lock (_journalLock)
        {
            JournalLocation? location = null;
            if (_journal is { } journal)
            {
                try
                {
                    location = journal.Append(bytes);
                    Interlocked.Increment(ref _journaled);
                }
                catch (IOException ex)
                {
                    JournalFailed(ex);
                }
            }
            if (Volatile.Read(ref _stopping))
            {
                // Stopped: a journaled record is written at the next start; without a journal it is lost.
                if (location is null)
                    Drop();
                return;
            }
            var keep = Interlocked.Read(ref _cachedBytes) + bytes.Length <= _options.MemoryBudgetBytes
                && Interlocked.Read(ref _cachedCount) < _options.QueueCapacity;
            if (!keep && location is null)
            {
                Drop();
                return;
            }
            if (keep)
                Cache(bytes.Length);
            if (!_queue.Writer.TryWrite(new Pending(location, keep ? record : null, bytes.Length)))
            {
                if (keep)
                    Uncache(bytes.Length);
                if (location is null)
                    Drop();
                return;
            }
        }
        Interlocked.Increment(ref _submitted);
        RecordDepth((int)(Interlocked.Read(ref _submitted) - Interlocked.Read(ref _processed)));
        if (Interlocked.Exchange(ref _dropStreak, 0) == 1)
            CaptureLog.KeepingAgain(_logger);
    }

    /// <summary>Counts a lost record and warns once per run of losses.</summary>
    private void Drop()
    {
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _dropStreak, 1) == 0)
        {
            CaptureLog.BudgetFull(_logger, _options.MemoryBudgetBytes);
        }
    }

    /// <summary>Accounts for an encoded record held in memory.</summary>
    private void Cache(int length)
    {
        Interlocked.Increment(ref _cachedCount);
        var now = Interlocked.Add(ref _cachedBytes, length);
        var peak = Interlocked.Read(ref _peakCachedBytes);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakCachedBytes, now, peak);
            if (seen == peak) break;
            peak = seen;
        }
    }

    /// <summary>Releases an encoded record's share of the memory budget.</summary>
    private void Uncache(int length)
    {
        Interlocked.Decrement(ref _cachedCount);
        Interlocked.Add(ref _cachedBytes, -length);
    }

    /// <summary>The journal cannot be written (disk full, folder gone): records stay in memory within the budget.</summary>
    private void JournalFailed(Exception ex)
    {
        CaptureLog.JournalAppendFailed(_logger, ex, _journal?.Directory, ex.Message);
    }

    /// <summary>Completes when every record submitted before the call is committed (or rejected).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _submitted);
        if (!Enabled || (Interlocked.Read(ref _processed) >= target && _replayed.Task.IsCompleted))
            return Task.CompletedTask;
        return Task.WhenAll(_replayed.Task, _waiters.WaitFor(target, () => Interlocked.Read(ref _processed))).WaitAsync(cancellationToken);
    }

    /// <summary>Starts the background writer (nothing to do when capture is off).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled && _loop is null)
        {
            Telemetry.GatewayTelemetry.WatchCapture(this);
            CaptureLog.Capturing(_logger, DatabasePath);
            OpenJournal();
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

    /// <summary>Opens the journal beside the database; without one (read-only folder) capture works from memory.</summary>
    private void OpenJournal()
    {
        try
        {
            // Someone else's file is never used, so nothing is put beside it either (the writer says why at once).
            if (LlmFileCheck.ForeignTables(DatabasePath!).Count > 0)
                return;
        }
        catch (SqliteException)
        {
            // Not a database (yet): journal anyway, so captures survive until the file is fixed or replaced.
        }
        try
        {
            if (Path.GetDirectoryName(DatabasePath) is { Length: > 0 } directory)
                Directory.CreateDirectory(directory);
            var journal = CaptureJournal.Open(DatabasePath!);
            lock (_journalLock)
                _journal = journal;
            if (journal.Orphans.Count > 0)
                CaptureLog.OrphansFound(_logger, journal.Orphans.Count, journal.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CaptureLog.JournalUnavailable(_logger, DatabasePath, ex.Message);
        }
    }

    /// <summary>Syncs and closes the journal: segments still holding unwritten records stay for the next start.</summary>
    private void CloseJournal()
    {
        CaptureJournal? journal;
        lock (_journalLock)
        {
            journal = _journal;
            _journal = null;
        }
        journal?.Dispose();
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

    /// <summary>
    /// The writer: first the journal an earlier run left, then what is queued (up to a batch at a time, read back from
    /// the journal when memory did not keep it), committing and cutting the journal behind, until the queue completes.
    /// </summary>
    private async Task RunAsync(CancellationToken abort)
    {
        var batch = new List<Pending>(BatchSize);
        try
        {
            await PrepareAsync(abort).ConfigureAwait(false);
            await ReplayAsync(abort).ConfigureAwait(false);
            while (await _queue.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                // Behind: write flat out in large batches. Keeping up: gather for a moment, then write in small
                // slices with a pause between them, so the writer never holds a core long enough to delay a request.
                var keepingUp = _queue.Reader.Count < BatchSize && !Volatile.Read(ref _stopping);
                if (keepingUp)
                    await Task.Delay(GatherWindow, abort).ConfigureAwait(false);
                var limit = keepingUp ? SliceSize : BatchSize;
                while (batch.Count < limit && _queue.Reader.TryRead(out var pending))
                    batch.Add(pending);
                var records = Decode(batch);
                await WriteWithRetryAsync(records, abort).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    if (pending.Record is not null)
                        Uncache(pending.Length);
                }
                if (batch[^1].Location is { } last)
                    _journal?.Committed(last.Sequence);
                batch.Clear();
                if (keepingUp && _queue.Reader.Count > 0)
                    await Task.Delay(SlicePause, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Stop ran out of time; StopAsync reports how much was left (it is in the journal).
        }
        catch (Exception ex)
        {
            // A database that cannot be used at all (e.g. a foreign file at the path): say so once, stop taking
            // records, and release everyone waiting, so the gateway keeps serving and shuts down cleanly. Journaled
            // records stay in the journal.
            _failing = true;
            Volatile.Write(ref _problem, ex.Message);
            // Someone else's file is a plain fact, not a fault: its one line needs no stack trace.
            CaptureLog.Stopped(_logger, ex is ForeignDatabaseException ? null : ex, DatabasePath, ex.Message);
            _queue.Writer.TryComplete();
            var lost = batch.Count(p => p.Location is null);
            var done = batch.Count;
            while (_queue.Reader.TryRead(out var pending))
            {
                done++;
                if (pending.Location is null)
                    lost++;
            }
            Interlocked.Add(ref _dropped, lost);
            Completed(done, written: false);
            _waiters.Release(long.MaxValue);
        }
        finally
        {
            _replayed.TrySetResult();
            if (_checkpointer is not null)
                await _checkpointer.DrainAsync().ConfigureAwait(false);
            CloseConnection();
        }
    }

    /// <summary>The records of a batch, kept in memory or read back from the journal; unreadable ones are counted lost.</summary>
    private List<CaptureRecord> Decode(List<Pending> batch)
    {
        var records = new List<CaptureRecord>(batch.Count);
        foreach (var pending in batch)
        {
            try
            {
                records.Add(pending.Record ?? JournalCodec.Decode(CaptureJournal.Read(pending.Location!)));
            }
            catch (Exception ex) when (ex is IOException or JsonException or ObjectDisposedException)
            {
                CaptureLog.UnreadableRecord(_logger, ex);
                Interlocked.Increment(ref _dropped);
                Completed(1, written: false);
            }
        }
        return records;
    }

    /// <summary>
    /// Writes the records in segments a previous run left (a crash, or a stop while the database was locked), skipping
    /// those whose ids are already in the database (written before the crash cut the journal), then deletes them.
    /// </summary>
    private async Task ReplayAsync(CancellationToken abort)
    {
        if (_journal is not { Orphans.Count: > 0 } journal)
        {
            _replayed.TrySetResult();
            return;
        }
        var written = 0L;
        foreach (var segment in journal.Orphans)
        {
            var batch = new List<CaptureRecord>(BatchSize);
            foreach (var bytes in CaptureJournal.ReadAll(segment))
            {
                try
                {
                    batch.Add(JournalCodec.Decode(bytes));
                }
                catch (JsonException ex)
                {
                    CaptureLog.UnreadableReplayRecord(_logger, ex, segment.Path);
                    continue;
                }
                if (batch.Count == BatchSize)
                {
                    written += await ReplayBatchAsync(batch, abort).ConfigureAwait(false);
                    batch.Clear();
                }
            }
            written += await ReplayBatchAsync(batch, abort).ConfigureAwait(false);
            CaptureJournal.DeleteSegment(segment);
        }
        Interlocked.Add(ref _replayedCount, written);
        CaptureLog.Replayed(_logger, written);
        _replayed.TrySetResult();
    }

    /// <summary>Whether a turn or failure with this id is in the database already.</summary>
    private static bool AlreadyWritten(SqliteConnection connection, string id) =>
        connection.Scalar(null, """
            SELECT EXISTS(SELECT 1 FROM turns WHERE id = $id) OR EXISTS(SELECT 1 FROM prompt_capture_failures WHERE id = $id)
            """, ("$id", id)) is long found && found != 0;

    /// <summary>Writes the replayed records not yet in the database; returns how many it wrote.</summary>
    private async Task<int> ReplayBatchAsync(List<CaptureRecord> batch, CancellationToken abort)
    {
        if (batch.Count == 0)
            return 0;
        List<CaptureRecord> missing = [];
        await RetryWhileTransientAsync(() =>
        {
            var connection = OpenConnection();
            missing = batch.Where(r => r.TurnId is null || !AlreadyWritten(connection, r.TurnId)).ToList();
        }, abort).ConfigureAwait(false);
        if (missing.Count == 0)
            return 0;
        await RetryWhileTransientAsync(() => new LlmLogWriter(OpenConnection()).WriteBatch(missing), abort).ConfigureAwait(false);
        Interlocked.Add(ref _written, missing.Count);
        _checkpointer?.Committed(missing.Count);
        return missing.Count;
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
            CaptureLog.BatchSplit(_logger, ex);
            foreach (var record in batch)
                await WriteWithRetryAsync([record], abort).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CaptureLog.RecordDropped(_logger, ex);
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
        CaptureLog.Unwritable(_logger, ex, DatabasePath, ex.Message);
    }

    /// <summary>Ends an outage with one info line, so the log shows when capture resumed.</summary>
    private void RecoveredIfFailing()
    {
        if (!_failing)
            return;
        _failing = false;
        Volatile.Write(ref _problem, null);
        CaptureLog.WritableAgain(_logger, DatabasePath);
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
                CaptureLog.SchemaPrepared(_logger, path, state);
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

    /// <summary>
    /// A queued record: where it is in the journal (null without one) and, while memory keeps it, the record itself
    /// (the writer then needs no decoding; only spilled and replayed records are read back).
    /// </summary>
    /// <param name="Location">Its place in the journal, or null when it is only in memory.</param>
    /// <param name="Record">The (masked) record, or null when the writer must read it from the journal.</param>
    /// <param name="Length">Its encoded size, what it counts against the memory budget.</param>
    private sealed record Pending(JournalLocation? Location, CaptureRecord? Record, int Length);
}
