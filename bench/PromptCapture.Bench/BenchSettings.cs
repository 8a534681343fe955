namespace PromptCapture.Bench;

/// <summary>How much of everything one run does: the full run for the committed results, quick for a check in under a minute.</summary>
internal sealed record BenchSettings
{
    /// <summary>Whether this is the quick run.</summary>
    public bool Quick { get; init; }
    /// <summary>Unmeasured calls per probe before the sequential phase (JIT tiers, pools).</summary>
    public int WarmUpCalls { get; init; }
    /// <summary>Sequential rounds; each round runs one batch per probe.</summary>
    public int SequentialRounds { get; init; }
    /// <summary>Calls per probe per sequential round.</summary>
    public int SequentialBatch { get; init; }
    /// <summary>Concurrency levels of the load phase.</summary>
    public IReadOnlyList<int> Connections { get; init; } = [16, 64];
    /// <summary>Total load time per variant per concurrency level.</summary>
    public TimeSpan LoadPerVariant { get; init; }
    /// <summary>Turns the load time is cut into, so variants alternate.</summary>
    public int LoadSlices { get; init; }
    /// <summary>Unmeasured streams per variant.</summary>
    public int StreamWarmUp { get; init; }
    /// <summary>Streaming rounds.</summary>
    public int StreamRounds { get; init; }
    /// <summary>Streams per variant per round.</summary>
    public int StreamBatch { get; init; }
    /// <summary>Records submitted straight to a store in the writer-capacity test.</summary>
    public int StoreRecords { get; init; }
    /// <summary>Cumulative gateway request counts at which memory is read.</summary>
    public IReadOnlyList<int> MemoryCheckpoints { get; init; } = [];
    /// <summary>Callers driving the memory phase: one, so the 100,000 requests are sequential as the reliability issue measures them.</summary>
    public int MemoryConnections { get; init; } = 1;
    /// <summary>Calls per stage in the in-run profile.</summary>
    public int StageIterations { get; init; }

    /// <summary>The full run (a few minutes on 2 cores).</summary>
    public static BenchSettings Full { get; } = new()
    {
        WarmUpCalls = 2000, SequentialRounds = 40, SequentialBatch = 100,
        LoadPerVariant = TimeSpan.FromSeconds(5), LoadSlices = 5,
        StreamWarmUp = 300, StreamRounds = 30, StreamBatch = 50,
        StoreRecords = 30_000, MemoryCheckpoints = [10_000, 100_000], StageIterations = 20_000,
    };

    /// <summary>The quick run (well under a minute).</summary>
    public static BenchSettings QuickRun { get; } = new()
    {
        Quick = true,
        WarmUpCalls = 300, SequentialRounds = 20, SequentialBatch = 50,
        LoadPerVariant = TimeSpan.FromSeconds(1.5), LoadSlices = 3,
        StreamWarmUp = 100, StreamRounds = 10, StreamBatch = 30,
        StoreRecords = 3_000, MemoryCheckpoints = [2_000, 10_000], StageIterations = 2_000,
    };
}
