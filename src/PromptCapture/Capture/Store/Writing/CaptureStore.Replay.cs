using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Journal;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>Replay at start: the records a previous process left in the journal, written once each.</summary>
public sealed partial class CaptureStore
{
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
            try
            {
                written += await ReplaySegmentAsync(segment, abort).ConfigureAwait(false);
                CaptureJournal.DeleteSegment(segment);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One segment that cannot be read or written must not stop capture on this and every later start.
                var aside = segment.Path + ".bad";
                try
                {
                    File.Move(segment.Path, aside, overwrite: true);
                }
                catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
                {
                    aside = "(could not be moved: " + moveError.Message + ")";
                }
                CaptureLog.SegmentMovedAside(_logger, segment.Path, aside, ex.Message);
            }
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

    /// <summary>Replays one segment's records in batches; returns how many were written now.</summary>
    private async Task<long> ReplaySegmentAsync(JournalSegment segment, CancellationToken abort)
    {
        var written = 0L;
        var batch = new List<CaptureRecord>(BatchSize);
        foreach (var bytes in CaptureJournal.ReadAll(segment))
        {
            try
            {
                batch.Add(JournalCodec.Decode(bytes));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
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
        return written + await ReplayBatchAsync(batch, abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the replayed records not yet in the database; returns how many it wrote. A record that cannot be
    /// written is isolated and dropped, as live batches do, so it never stops the replay.
    /// </summary>
    private async Task<int> ReplayBatchAsync(List<CaptureRecord> batch, CancellationToken abort)
    {
        if (batch.Count == 0)
            return 0;
        List<CaptureRecord> missing = [];
        await RetryWhileTransientAsync(WorkerJob.Once(() =>
        {
            var connection = _database!.Open();
            missing = batch.Where(r => r.TurnId is null || !AlreadyWritten(connection, r.TurnId)).ToList();
        }), abort).ConfigureAwait(false);
        if (missing.Count == 0)
            return 0;
        try
        {
            await RetryWhileTransientAsync(BatchSteps(missing), abort).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // As for live batches: isolate the record that cannot be written, keep the others.
            if (missing.Count == 1)
            {
                CaptureLog.RecordDropped(_logger, ex);
                Interlocked.Increment(ref _dropped);
                return 0;
            }
            CaptureLog.BatchSplit(_logger, ex);
            var one = 0;
            foreach (var record in missing)
                one += await ReplayBatchAsync([record], abort).ConfigureAwait(false);
            return one;
        }
        Interlocked.Add(ref _written, missing.Count);
        _checkpointer?.Committed(missing.Count);
        return missing.Count;
    }
}
