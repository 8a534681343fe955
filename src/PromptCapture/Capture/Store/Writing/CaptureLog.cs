namespace PromptCapture.Capture.Store.Writing;

/// <summary>What the capture store logs, source-generated with event ids (12xx); paths and reasons, never a prompt or a key.</summary>
internal static partial class CaptureLog
{
    /// <summary>Capture started writing to a file.</summary>
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Capturing exchanges to {Path}")]
    public static partial void Capturing(ILogger logger, string? path);

    /// <summary>The schema was created or extended on open.</summary>
    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Prepared llm schema in {Path} ({State}).")]
    public static partial void SchemaPrepared(ILogger logger, string path, Schema.SchemaState state);

    /// <summary>The queue refused a record: the first of a run of drops.</summary>
    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Capture queue is full ({Capacity} records) or stopped; dropping captures until it drains.")]
    public static partial void QueueFull(ILogger logger, int capacity);

    /// <summary>The queue accepts records again after a run of drops.</summary>
    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Capture queue is accepting records again.")]
    public static partial void QueueAccepting(ILogger logger);

    /// <summary>Stopping ran out of time with records still queued.</summary>
    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Stopped before the capture queue drained; {Count} records were not written.")]
    public static partial void StoppedUndrained(ILogger logger, long count);

    /// <summary>The database cannot be used at all; capture stops, serving goes on.</summary>
    [LoggerMessage(EventId = 1206, Level = LogLevel.Critical, Message = "Capture stopped: the database {Path} cannot be used ({Reason}). Requests are still served but not captured.")]
    public static partial void Stopped(ILogger logger, Exception? error, string? path, string reason);

    /// <summary>A batch failed for a non-transient reason and is retried record by record.</summary>
    [LoggerMessage(EventId = 1207, Level = LogLevel.Debug, Message = "A capture batch failed; writing its records one by one to isolate the bad one.")]
    public static partial void BatchSplit(ILogger logger, Exception error);

    /// <summary>One record cannot be written and is dropped.</summary>
    [LoggerMessage(EventId = 1208, Level = LogLevel.Error, Message = "Dropping a capture record the store cannot write.")]
    public static partial void RecordDropped(ILogger logger, Exception error);

    /// <summary>The first failure of an outage (locked, read-only, disk full).</summary>
    [LoggerMessage(EventId = 1209, Level = LogLevel.Error, Message = "Cannot write the capture database {Path} ({Reason}); keeping captures in memory and retrying.")]
    public static partial void Unwritable(ILogger logger, Exception error, string? path, string reason);

    /// <summary>The outage ended.</summary>
    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Capture database {Path} is writable again; kept captures are being written.")]
    public static partial void WritableAgain(ILogger logger, string? path);

    /// <summary>Records are kept again after a run of drops.</summary>
    [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Capture is keeping records again.")]
    public static partial void KeepingAgain(ILogger logger);

    /// <summary>A record could be neither journaled nor kept in memory: the first of a run of drops.</summary>
    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "Capture memory budget ({Budget} bytes) is full and the journal is unavailable, or capture stopped; dropping captures.")]
    public static partial void BudgetFull(ILogger logger, long budget);

    /// <summary>An append to the journal failed (disk full, folder gone).</summary>
    [LoggerMessage(EventId = 1213, Level = LogLevel.Error, Message = "Cannot append to the capture journal in {Path} ({Reason}); keeping captures in memory only.")]
    public static partial void JournalAppendFailed(ILogger logger, Exception error, string? path, string reason);

    /// <summary>Stop ran out of time; what is left is safe in the journal.</summary>
    [LoggerMessage(EventId = 1214, Level = LogLevel.Warning, Message = "Stopped before the database took every capture; {Count} records stay in the journal {Path} and are written at the next start.")]
    public static partial void StoppedJournaled(ILogger logger, long count, string path);

    /// <summary>Segments a previous run left were found at start.</summary>
    [LoggerMessage(EventId = 1215, Level = LogLevel.Information, Message = "Found {Count} capture journal segments left by an earlier run in {Path}; writing them first.")]
    public static partial void OrphansFound(ILogger logger, int count, string path);

    /// <summary>No journal could be opened; capture works from memory.</summary>
    [LoggerMessage(EventId = 1216, Level = LogLevel.Error, Message = "Cannot open a capture journal beside {Path} ({Reason}); captures wait in memory only, and a crash loses them.")]
    public static partial void JournalUnavailable(ILogger logger, string? path, string reason);

    /// <summary>A journaled record could not be read back.</summary>
    [LoggerMessage(EventId = 1217, Level = LogLevel.Error, Message = "Dropping a capture record that cannot be read back from the journal.")]
    public static partial void UnreadableRecord(ILogger logger, Exception error);

    /// <summary>A record in a left-over segment could not be decoded.</summary>
    [LoggerMessage(EventId = 1218, Level = LogLevel.Error, Message = "Skipping an unreadable record in the capture journal {Path}.")]
    public static partial void UnreadableReplayRecord(ILogger logger, Exception error, string path);

    /// <summary>The replay of left-over segments finished.</summary>
    [LoggerMessage(EventId = 1219, Level = LogLevel.Information, Message = "Wrote {Count} captures from the journal an earlier run left.")]
    public static partial void Replayed(ILogger logger, long count);
}
