using PromptCapture.Capture.Store.Journal;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>The request side of the capture store: mask, journal and queue a record without waiting for the database.</summary>
public sealed partial class CaptureStore
{
    /// <summary>
    /// Masks secrets, gives the record its id, encodes it and appends it to the journal, then queues it; returns
    /// without waiting for the database or for fsync. Only a record that can be neither journaled nor kept within
    /// the memory budget is counted as dropped.
    /// </summary>
    public void Submit(CaptureRecord record)
    {
        if (!Enabled)
            return;
        Span<byte> frame;
        try
        {
            if (_options.Redact is { } redact)
                record = CaptureRedaction.Apply(record, redact);
            // The filter gives every record its id; a copy here would drop the payload already made for masking.
            if (record.TurnId is null)
                record = record with { TurnId = Ulid.NewUlid() };
            frame = JournalCodec.EncodeFrame(record);
        }
        catch (Exception ex)
        {
            // Runs on the request path: whatever goes wrong preparing the record, the answer still reaches the client.
            CaptureLog.SubmitFailed(_logger, ex, ex.Message);
            Drop();
            return;
        }
        var length = frame.Length - CaptureJournal.HeaderBytes;
        // One lock for the append and the enqueue, so the queue is in journal order and a commit acknowledges a prefix.
        lock (_journalLock)
        {
            JournalLocation? location = null;
            if (_journal is { } journal)
            {
                try
                {
                    location = journal.Append(frame);
                    Interlocked.Increment(ref _journaled);
                }
                catch (IOException ex)
                {
                    JournalFailed(ex);
                }
            }
            JournalCodec.ReleaseLargeBuffer();
            if (Volatile.Read(ref _stopping))
            {
                // Stopped: a journaled record is written at the next start; without a journal it is lost.
                if (location is null)
                    Drop();
                return;
            }
            var keep = Interlocked.Read(ref _cachedBytes) + length <= _options.MemoryBudgetBytes
                && Interlocked.Read(ref _cachedCount) < _options.QueueCapacity;
            if (!keep && location is null)
            {
                Drop();
                return;
            }
            if (keep)
                Cache(length);
            if (!_queue.Writer.TryWrite(new Pending(location, keep ? record : null, length)))
            {
                if (keep)
                    Uncache(length);
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
