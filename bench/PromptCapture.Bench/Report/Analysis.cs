using System.Text;
using PromptCapture.Bench.Measure;
using PromptCapture.Bench.Micro;

namespace PromptCapture.Bench.Report;

/// <summary>
/// For each missed target: what the profile of this run shows costs the time, and what would fix it in src/.
/// Every figure quoted is from this run; the reasoning names the code it points at.
/// </summary>
internal static class Analysis
{
    /// <summary>Appends the analysis of the missed targets (or says all were met).</summary>
    public static void WriteTo(StringBuilder text, BenchResults r, IReadOnlyList<TargetCheck> targets)
    {
        text.AppendLine("## Missed targets: what costs the time, and what would fix it").AppendLine();
        var missed = targets.Where(t => !t.Met).Select(t => t.Key).ToHashSet();
        if (missed.Count == 0)
        {
            text.AppendLine("Every target was met in this run.").AppendLine();
            if (Targets.Growth(r.Memory).WorkingSet > 0.10)
                Memory(text, r);
            return;
        }
        text.AppendLine("Missed: " + string.Join("; ", targets.Where(t => !t.Met).Select(t => $"{t.Description} ({t.Measured})")) + ".").AppendLine();
        if (missed.Overlaps(["latency-p50", "latency-p99", "stream-first"]))
            RequestPath(text, r);
        if (missed.Any(k => k.StartsWith("throughput", StringComparison.Ordinal)))
            Throughput(text, r);
        if (missed.Contains("stream-first"))
            Streaming(text, r);
        if (missed.Overlaps(["memory-ws", "memory-heap"]) || Targets.Growth(r.Memory).WorkingSet > 0.10)
            Memory(text, r);
        Fixes(text, r);
    }

    /// <summary>The added latency, split by component.</summary>
    private static void RequestPath(StringBuilder text, BenchResults r)
    {
        var parts = ProfileSection.Breakdown(r);
        var hop = parts.Single(p => p.HowMeasured == "yarp - direct").Ms;
        var total = parts[^1].Ms;
        var off = r.Seq(Targets.CaptureOff).Latency.Percentile(50) - r.Seq(Targets.Direct).Latency.Percentile(50);
        text.AppendLine("### Added latency (sequential p50/p99, streaming first chunk)").AppendLine();
        text.AppendLine($"The capturing gateway adds {Ms(total)} at p50; the profile table splits it: " +
            string.Join(", ", parts.Take(parts.Count - 1).Select(p => $"{p.Component.Split(" (")[0]} {Ms(p.Ms)}")) + ".");
        text.AppendLine($"A plain proxy's hop alone is {Ms(hop)}, so the 0.3 ms target leaves {Ms(0.3 - hop)} for everything the gateway does beyond forwarding; " +
            $"with capture off the gateway already adds {Ms(off)}. Capture on vs off: {CaptureDelta(r)} (the writer runs beside the requests, so it shows in the upper percentiles more than at the median).");
        text.AppendLine("The first streamed chunk travels the same request path before any byte is sent (the endpoint awaits the first upstream item before the headers), so it carries the same costs.");
        var gateway = r.Seq(Targets.CaptureOn);
        var yarp = r.Seq(Targets.Yarp);
        text.AppendLine($"Tails: the capturing gateway allocates {Format.Kb(gateway.AllocatedBytesPerCall)} per request in this process (YARP {Format.Kb(yarp.AllocatedBytesPerCall)}) " +
            $"and its batches saw {Format.F(gateway.GcCountPer1000, 1)} GCs / {Format.F(gateway.GcPauseMsPer1000, 1)} ms of pauses per 1000 requests (YARP {Format.F(yarp.GcCountPer1000, 1)} / {Format.F(yarp.GcPauseMsPer1000, 1)}); " +
            "with capture on, each request also wakes the writer, which then takes a core for a whole record write while the next request runs.").AppendLine();
    }

    /// <summary>Throughput against YARP, explained by CPU per request.</summary>
    private static void Throughput(StringBuilder text, BenchResults r)
    {
        text.AppendLine("### Throughput against YARP").AppendLine();
        foreach (var c in r.Settings.Connections)
        {
            var on = r.Load(Targets.CaptureOn, c);
            var off = r.Load(Targets.CaptureOff, c);
            var yarp = r.Load(Targets.Yarp, c);
            text.AppendLine($"- {c} connections: capture on {Format.Pct(on.RequestsPerSecond / yarp.RequestsPerSecond)} of YARP, capture off {Format.Pct(off.RequestsPerSecond / yarp.RequestsPerSecond)}; " +
                $"process CPU per request: YARP {Format.N(yarp.CpuMicrosecondsPerRequest)} us, gateway off {Format.N(off.CpuMicrosecondsPerRequest)} us, gateway on {Format.N(on.CpuMicrosecondsPerRequest)} us (its queue drain included). " +
                $"Counting the drain, the capturing gateway sustains {Format.N(on.SustainedRequestsPerSecond)} req/s.");
        }
        var shipped = r.Store[0];
        text.AppendLine();
        text.AppendLine($"Two cores run the client, the upstream and the proxies, so throughput is CPU per request. The capture writer needs about {Format.N(1e6 / shipped.RowsPerSecond)} us of one core per record " +
            $"(it commits {Format.N(shipped.RowsPerSecond)} records/s when it has the machine to itself, {Format.N(shipped.LateRowsPerSecond)}/s over the last fifth), " +
            $"{(1e6 / shipped.RowsPerSecond > r.Load(Targets.Yarp, r.Settings.Connections[0]).CpuMicrosecondsPerRequest ? "more" : "less")} than YARP's whole request ({Format.N(r.Load(Targets.Yarp, r.Settings.Connections[0]).CpuMicrosecondsPerRequest)} us), " +
            "and on two cores every microsecond of it is taken from the requests.");
        var mem = r.Memory;
        text.AppendLine($"Sustained load (memory phase): {Format.N(r.Settings.MemoryCheckpoints[^1])} requests offered at {Format.N(mem.RequestsPerSecond)} req/s, the writer committed {Format.N(mem.RowsWritten)} captures " +
            $"at {Format.N(mem.RowsPerSecond)} rows/s on a database already holding the earlier phases' turns; " +
            (mem.Dropped > 0
                ? $"{Format.N(mem.Dropped)} captures were dropped by the full queue (requests themselves never failed: {Format.N(mem.Errors)} errors)."
                : $"it kept up (no capture dropped, peak queue depth {Format.N(mem.PeakQueueDepth)}).")).AppendLine();
    }

    /// <summary>Per-chunk streaming costs.</summary>
    private static void Streaming(StringBuilder text, BenchResults r)
    {
        var write = Stage(r, StageNames.StreamWrite);
        var read = Stage(r, StageNames.StreamDecode);
        var kernel = Stage(r, StageNames.StreamKernel);
        var firstOff = r.Stream(Targets.CaptureOff).FirstChunk.Percentile(50) - r.Stream(Targets.Direct).FirstChunk.Percentile(50);
        text.AppendLine("### Streaming").AppendLine();
        var firstOn = r.Stream(Targets.CaptureOn).FirstChunk.Percentile(50) - r.Stream(Targets.Direct).FirstChunk.Percentile(50);
        text.AppendLine($"First chunk: {Ms(firstOff)} added with capture off and {Ms(firstOn)} with capture on, so the request path, not capture, sets the first-chunk delay. " +
            $"Per stream of {Hosts.UpstreamReplies.StreamEvents.Length - 1} upstream events the gateway spends {Format.Us(read.NanosecondsPerCall)} us reading the upstream's SSE into updates, " +
            $"{Format.Us(write.NanosecondsPerCall)} us translating and serializing chunks, " +
            $"and {Format.Us(kernel.NanosecondsPerCall)} us in the kernel's streaming function and the capture filter.").AppendLine();
    }

    /// <summary>Memory growth, told apart into memory in use and memory the GC keeps for reuse.</summary>
    private static void Memory(StringBuilder text, BenchResults r)
    {
        var (ws, heap, trimmed) = Targets.Growth(r.Memory);
        var (first, last) = (r.Memory.Checkpoints[0], r.Memory.Checkpoints[^1]);
        text.AppendLine("### Memory").AppendLine();
        text.AppendLine($"Between the checkpoints the working set changed by {Format.Pct(ws)} ({Format.Mb(first.WorkingSetBytes)} -> {Format.Mb(last.WorkingSetBytes)}) while the live GC heap changed by {Format.Pct(heap)} " +
            $"({Format.Mb(first.GcHeapBytes)} -> {Format.Mb(last.GcHeapBytes)}) and the GC's committed memory went {Format.Mb(first.GcCommittedBytes)} -> {Format.Mb(last.GcCommittedBytes)}. " +
            $"After an aggressive GC the working set is {Format.Mb(first.WorkingSetAfterAggressiveBytes)} -> {Format.Mb(last.WorkingSetAfterAggressiveBytes)} ({Format.Pct(trimmed)}). " +
            (Math.Abs(heap) <= 0.10
                ? "The live heap is flat, so nothing is kept per request; growth that an aggressive GC gives back is the GC holding on to memory freed after the load (Server GC, with the capture queue up to " +
                  $"{Format.N(r.Memory.PeakQueueDepth)} records deep at the peak), and what it does not give back is native (SQLite's page cache, socket buffers). " +
                  "A smaller capture cache does not bound it (a run caching 2,048 queued records instead of 10,000 grew as much); `GCHeapHardLimit` or DATAS would; it is not a leak."
                : "The live heap grows: something is kept per request; a heap dump (dotnet-gcdump) at both checkpoints would name the type.")).AppendLine();
    }

    /// <summary>The recommended fixes, most effective first, each with the figure that supports it.</summary>
    private static void Fixes(StringBuilder text, BenchResults r)
    {
        var parts = ProfileSection.Breakdown(r);
        double Part(string how) => parts.Single(p => p.HowMeasured == how).Ms;
        var shipped = r.Store[0];
        var canned = Stage(r, StageNames.Canned);
        var kernel = Stage(r, StageNames.Kernel);
        var on = r.Seq(Targets.CaptureOn);
        var off = r.Seq(Targets.CaptureOff);
        var yarp = r.Seq(Targets.Yarp);
        var load = r.Settings.Connections[0];
        text.AppendLine("### Fixes in src/, most effective first").AppendLine();

        var index = shipped.ThreadTipIndexed
            ? "The schema already has an index led by threads.tip_message_hash, so the per-turn thread lookup no longer scans. "
            : $"`ThreadResolver.Choose` looks threads up by tip_message_hash with no index (SQLite: `SCAN threads`); with one added to the bench's own database the writer went {Format.N(shipped.RowsPerSecond)} -> {Format.N(r.Store[^1].RowsPerSecond)} records/s: add it to the schema. ";
        text.AppendLine($"1. **Capture writer cost** (`src/PromptCapture/Capture/Store/Writing`). On vs off: {CaptureDelta(r)}; {Format.F(on.GcCountPer1000, 1)} vs {Format.F(off.GcCountPer1000, 1)} GCs per 1000 requests; " +
            $"at {load} connections {Format.N(r.Load(Targets.CaptureOn, load).CpuMicrosecondsPerRequest)} vs {Format.N(r.Load(Targets.CaptureOff, load).CpuMicrosecondsPerRequest)} us of CPU per request. " +
            $"The writer alone needs {Format.N(1e6 / shipped.RowsPerSecond)} us of a core and allocates {Format.Kb(shipped.AllocatedBytesPerRecord)} per record ({Format.N(shipped.EarlyRowsPerSecond)} -> {Format.N(shipped.LateRowsPerSecond)} records/s from the first to the last fifth of {Format.N(shipped.Records)}). " +
            index +
            "A sampled dotnet-trace of `--store` (bench/README.md) puts most of the writer's time inside SQLite executing the ~11 statements of a turn " +
            "(`SqliteDataReader.NextResult`: inserts into B-trees keyed by random content hashes, the FTS5 triggers of turn_search, and the WAL pages each commit writes), and the rest in Python-exact JSON and BLAKE2b hashing. " +
            "Already done: statements prepared once per connection, an index for the thread lookup, foreign-key checks off as llm writes, no RETURNING per part, no no-op DELETE; " +
            "while it keeps up the writer gathers records for 100 ms and commits up to 1,024 per transaction, a record per step, on a SCHED_IDLE thread, so a waking request thread takes its core at once (see the on-vs-off percentiles above); " +
            "a nice-10 catch-up thread finishes a batch when a flush waits or the idle thread has been starved for a second. Its CPU still comes out of the two cores the requests share. " +
            $"What would help next: (a) fewer allocations per record (the {Format.Kb(shipped.AllocatedBytesPerRecord)} above); " +
            "(b) the writer in its own process or on a machine with a spare core, where its CPU would not count against request throughput; " +
            $"(c) under a burst the writer falls behind by design (the memory phase reached a queue depth of {Format.N(r.Memory.PeakQueueDepth)}, {Format.N(r.Memory.Dropped)} dropped): " +
            "the journal keeps every capture, records past the memory budget are read back from it at some extra cost, and under load sustained above the writer's rate only a faster writer keeps the database current.");
        text.AppendLine($"2. **The upstream call** ({Ms(Part("sk service - direct"))} at p50 for the gateway's own SK service over a raw HttpClient; the OpenAI SDK's ChatClient alone costs {Ms(Part("openai sdk - direct"))}). " +
            $"OpenAI-compatible providers go through `Providers/OpenAIWire` (one JSON write, one JSON read; {Format.Us(Stage(r, StageNames.RequestWrite).NanosecondsPerCall)} us to write the request body); " +
            $"what is left is the provider HttpClient's handler chain (header relay, limits, retry, telemetry), {Format.Kb(r.Seq(ProfileSection.SkService).AllocatedBytesPerCall - r.Seq(Targets.Direct).AllocatedBytesPerCall)} more allocated than a raw call.");
        text.AppendLine($"3. **Kernel function per request** ({Ms(Part("sk kernel+filter - sk service"))} at p50; in isolation {Format.Us(kernel.NanosecondsPerCall)} us and {Format.Kb(kernel.BytesPerCall)} vs {Format.Us(canned.NanosecondsPerCall)} us and {Format.Kb(canned.BytesPerCall)} for the bare service). " +
            "`ChatKernel` invokes a KernelFunction so SK runs the capture filter; a capturing decorator around `IChatCompletionService` would give the same record without KernelArguments, FunctionResult and the function's telemetry on every call.");
        text.AppendLine($"4. **Streaming per-chunk work**: reading a {Hosts.UpstreamReplies.StreamEvents.Length - 1}-event stream costs {Format.Us(Stage(r, StageNames.StreamDecode).NanosecondsPerCall)} us (a JsonDocument per chunk) " +
            $"and answering it {Format.Us(Stage(r, StageNames.StreamWrite).NanosecondsPerCall)} us; a forward-only Utf8JsonReader over each chunk would save most of the first.");
        text.AppendLine();
    }

    /// <summary>"p50 +x ms, p90 +y ms, p99 +z ms" of capture on over capture off, sequential.</summary>
    private static string CaptureDelta(BenchResults r)
    {
        var on = r.Seq(Targets.CaptureOn).Latency;
        var off = r.Seq(Targets.CaptureOff).Latency;
        return string.Join(", ", new[] { 50, 90, 99 }.Select(p => $"p{p} {Ms(on.Percentile(p) - off.Percentile(p))}"));
    }

    /// <summary>A profiled stage by name.</summary>
    private static StageCost Stage(BenchResults r, string name) => r.Stages.Single(s => s.Name == name);

    /// <summary>A signed millisecond figure with unit.</summary>
    private static string Ms(double ms) => Format.DeltaMs(ms) + " ms";
}
