namespace PromptCapture.Bench.Report;

/// <summary>One target of the issue, checked against the run.</summary>
/// <param name="Key">Stable key the analysis uses.</param>
/// <param name="Description">The target as the issue states it.</param>
/// <param name="Measured">The figure it was judged on.</param>
/// <param name="Met">Whether the run meets it.</param>
internal sealed record TargetCheck(string Key, string Description, string Measured, bool Met);

/// <summary>The targets: added latency, throughput against YARP, streaming first chunk, flat memory.</summary>
internal static class Targets
{
    /// <summary>Variant names the targets are about.</summary>
    public const string Direct = "direct", Yarp = "yarp", CaptureOn = "gateway capture on", CaptureOff = "gateway capture off";

    /// <summary>Checks every target.</summary>
    public static IReadOnlyList<TargetCheck> Check(BenchResults r)
    {
        var direct = r.Seq(Direct).Latency;
        var gateway = r.Seq(CaptureOn).Latency;
        var p50 = gateway.Percentile(50) - direct.Percentile(50);
        var p99 = gateway.Percentile(99) - direct.Percentile(99);
        var checks = new List<TargetCheck>
        {
            new("latency-p50", "added latency p50 <= 0.3 ms (capture on)", Format.DeltaMs(p50) + " ms", p50 <= 0.3),
            new("latency-p99", "added latency p99 <= 1.5 ms (capture on)", Format.DeltaMs(p99) + " ms", p99 <= 1.5),
        };
        foreach (var connections in r.Settings.Connections)
        {
            var ratio = r.Load(CaptureOn, connections).RequestsPerSecond / r.Load(Yarp, connections).RequestsPerSecond;
            checks.Add(new($"throughput-{connections}", $"throughput >= 50% of YARP at {connections} connections (capture on)", Format.Pct(ratio), ratio >= 0.5));
        }
        var first = r.Stream(CaptureOn).FirstChunk.Percentile(50) - r.Stream(Direct).FirstChunk.Percentile(50);
        checks.Add(new("stream-first", "streaming first-chunk delay added <= 0.4 ms (p50, capture on)", Format.DeltaMs(first) + " ms", first <= 0.4));
        var allocated = r.Seq(CaptureOn).AllocatedBytesPerCall;
        checks.Add(new("allocated", "allocated per request <= 25 KB (capture on, whole process)", Format.Kb(allocated), allocated <= 25 * 1024));
        var store = r.Store[0];
        checks.Add(new("writer-rate", "capture writer >= 10,000 records/s (bench record)", Format.N(store.RowsPerSecond) + " records/s", store.RowsPerSecond >= 10_000));
        checks.Add(new("writer-alloc", "capture writer allocates <= 8 KB per record", Format.Kb(store.AllocatedBytesPerRecord), store.AllocatedBytesPerRecord <= 8 * 1024));
        var slowdown = 1 - store.LateRowsPerSecond / store.EarlyRowsPerSecond;
        checks.Add(new("writer-growth", "writer rate falls < 20% from the first to the last fifth of the records", Format.Pct(slowdown), slowdown < 0.2));
        if (r.FrontDoors is { } doors)
        {
            var chat = doors.Sequential[1].Latency.Percentile(50);
            for (var i = 2; i < doors.Sequential.Count; i++)
            {
                var vsChat = doors.Sequential[i].Latency.Percentile(50) - chat;
                // Sustained (drain included): see FrontDoorSection for why the turn-only rate is not the measure here.
                var share = doors.Load[i - 1].SustainedRequestsPerSecond / doors.Load[0].SustainedRequestsPerSecond;
                checks.Add(new($"door-{i}", $"{doors.Sequential[i].Name} within 0.05 ms p50 and 10% sustained throughput of chat completions",
                    $"{Format.DeltaMs(vsChat)} ms; {Format.Pct(share)}", vsChat <= FrontDoorSection.MaxP50DifferenceMs && share >= FrontDoorSection.MinThroughputShare));
            }
        }
        var (_, heap, held) = Growth(r.Memory);
        // Flat guards against leaks: growth beyond 10% misses; a fall (the GC handing memory back) does not. Memory
        // held is the working set once the GC has returned the free memory it keeps for reuse: how much of that it
        // keeps after a burst is the GC's choice (the plain working set is in the table, explained when it grows).
        checks.Add(new("memory-ws", $"memory held (working set after an aggressive GC) flat (grows <= 10%) from {Format.N(r.Settings.MemoryCheckpoints[0])} to {Format.N(r.Settings.MemoryCheckpoints[^1])} requests",
            (held >= 0 ? "+" : "") + Format.Pct(held), held <= 0.10));
        checks.Add(new("memory-heap", "GC heap flat (grows <= 10%) over the same requests", (heap >= 0 ? "+" : "") + Format.Pct(heap), heap <= 0.10));
        return checks;
    }

    /// <summary>Relative growth of the working set, the live GC heap and the memory held, from the first checkpoint to the last.</summary>
    public static (double WorkingSet, double Heap, double Held) Growth(Measure.MemoryResult memory)
    {
        var first = memory.Checkpoints[0];
        var last = memory.Checkpoints[^1];
        return ((last.WorkingSetBytes - first.WorkingSetBytes) / (double)first.WorkingSetBytes,
            (last.GcHeapBytes - first.GcHeapBytes) / (double)first.GcHeapBytes,
            (last.WorkingSetAfterAggressiveBytes - first.WorkingSetAfterAggressiveBytes) / (double)first.WorkingSetAfterAggressiveBytes);
    }
}
