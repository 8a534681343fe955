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

    /// <summary>How many records may wait for the writer before new ones are dropped (never blocking requests).</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>
    /// Masks secrets (provider and gateway keys) in captured text before it is stored; returns its argument when
    /// there is nothing to mask. Null stores text as it is.
    /// </summary>
    public Func<string, string>? Redact { get; init; }
}
