namespace PromptCapture.Capture.Store.Writing;

/// <summary>Where captures go and whether they are taken at all; the command line fills it.</summary>
public sealed class CaptureStoreOptions
{
    /// <summary>The SQLite file to write; null means llm's own logs.db (see <see cref="LlmDatabaseLocation"/>).</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Turns capture off entirely, like <c>llm --no-log</c>.</summary>
    public bool NoLog { get; init; }

    /// <summary>Upper bound of the retry backoff while the database is locked or unwritable.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many waiting records memory keeps; past it (or past <see cref="MemoryBudgetBytes"/>) the writer reads them
    /// back from the journal, and only without a journal are they dropped (never blocking requests).
    /// </summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>
    /// Bytes of waiting records memory keeps (encoded, attachments included), so a few huge requests during a database
    /// lock cannot drive the process to gigabytes.
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How long stop waits for the database to take what is queued; what is left stays in the journal.</summary>
    public TimeSpan StopDrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Masks secrets (provider and gateway keys) in captured text before it is stored; returns its argument when
    /// there is nothing to mask. Null stores text as it is.
    /// </summary>
    public Func<string, string>? Redact { get; init; }
}
