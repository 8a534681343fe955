using System.Text.Json;
using PromptCapture.Capture.Store.Journal;
using PromptCapture.Capture.Store.Schema;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>The background writer of the capture store: batches from the queue, committed with retries, outages reported once.</summary>
public sealed partial class CaptureStore
{
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
                // Keeping up: let records gather for a moment so one commit serves many. Behind (or stopping): write
                // at once. Either way a whole batch per transaction; the work runs on the writer's idle-time thread,
                // so the OS gives the cores to requests first and the writer never holds one while they wait (the
                // catch-up thread finishes it when someone waits for it, see WriterThreads).
                if (_queue.Reader.Count < BatchSize && !Volatile.Read(ref _stopping))
                    await GatherAsync(abort).ConfigureAwait(false);
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var pending))
                    batch.Add(pending);
                List<CaptureRecord> records = [];
                var unreadable = 0;
                await OnWriterThread(() => records = Decode(batch, out unreadable)).ConfigureAwait(false);
                if (unreadable > 0)
                    Completed(unreadable, written: false); // here, not on the lowered thread: it wakes flush waiters
                await WriteWithRetryAsync(records, abort).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    if (pending.Record is not null)
                        Uncache(pending.Length);
                }
                if (batch[^1].Location is { } last)
                    JournalCommitted(last.Sequence);
                batch.Clear();
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
            _database?.Close();
            _threads?.Dispose();
        }
    }

    /// <summary>
    /// The records of a batch, kept in memory or read back from the journal; unreadable ones are counted lost and
    /// reported in <paramref name="unreadable"/> for the loop to complete.
    /// </summary>
    private List<CaptureRecord> Decode(List<Pending> batch, out int unreadable)
    {
        unreadable = 0;
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
                unreadable++;
            }
        }
        return records;
    }

    /// <summary>Waits the gather window, or less when someone flushes (or stop begins).</summary>
    private async Task GatherAsync(CancellationToken abort)
    {
        var hurry = Volatile.Read(ref _hurry).Task;
        if (!hurry.IsCompleted)
            await Task.WhenAny(Task.Delay(GatherWindow, abort), hurry).ConfigureAwait(false);
        abort.ThrowIfCancellationRequested();
        if (hurry.IsCompleted)
            Volatile.Write(ref _hurry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>
    /// Runs database work on the low-priority writer threads (inline before the store is started); the schema's
    /// preparation at start runs there before the thread lowers itself (see <see cref="LowPriorityWorker.RunAsync"/>).
    /// </summary>
    private Task OnWriterThread(Action work, bool beforeLowering = false) => StepsOnWriterThread(WorkerJob.Once(work), beforeLowering);

    /// <summary>Runs a job of steps (true while more remain) on the writer threads, or inline before the store is started.</summary>
    private Task StepsOnWriterThread(Func<bool> steps, bool beforeLowering = false)
    {
        if (_threads is { } threads)
            return threads.RunStepsAsync(steps, beforeLowering);
        while (steps())
        {
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The steps of committing <paramref name="batch"/>: the transaction opens with the first record, each step writes
    /// one record, the last commits; a failing step rolls the batch back, so the next attempt starts over.
    /// </summary>
    private Func<bool> BatchSteps(IReadOnlyList<CaptureRecord> batch)
    {
        LlmBatchWrite? write = null;
        return () =>
        {
            var more = false;
            try
            {
                write ??= new LlmLogWriter(_database!.Open()).Begin(batch);
                more = write.WriteNext();
                return more;
            }
            finally
            {
                if (!more)
                {
                    // Forget it before disposing: a rollback that throws must still leave the retry a fresh start.
                    var done = write;
                    write = null;
                    done?.Dispose();
                }
            }
        };
    }

    /// <summary>
    /// Opens the database and ensures the schema at start, so the file and llm's tables exist (and a bad path is
    /// reported) before the first exchange; retried like writes while the file is locked.
    /// </summary>
    private Task PrepareAsync(CancellationToken abort) => RetryWhileTransientAsync(WorkerJob.Once(() => _database!.Open()), abort, beforeLowering: true);

    /// <summary>
    /// Runs database work (a job of steps) until it succeeds, backing off while the failure is transient (locked,
    /// unwritable); the first failure of an outage is logged once, the recovery once.
    /// </summary>
    private async Task RetryWhileTransientAsync(Func<bool> steps, CancellationToken abort, bool beforeLowering = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await StepsOnWriterThread(steps, beforeLowering).ConfigureAwait(false);
                RecoveredIfFailing();
                return;
            }
            catch (Exception ex) when (TransientErrors.IsTransient(ex))
            {
                _database?.Close();
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
            await RetryWhileTransientAsync(BatchSteps(batch), abort).ConfigureAwait(false);
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
}
