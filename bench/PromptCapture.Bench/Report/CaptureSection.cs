using System.Text;

namespace PromptCapture.Bench.Report;

/// <summary>The capture store's figures: writer capacity alone, keeping up under load, and memory over many requests.</summary>
internal static class CaptureSection
{
    /// <summary>Appends the capture and memory sections.</summary>
    public static void WriteTo(StringBuilder text, BenchResults r)
    {
        var l = r.LoadCapture;
        var mem = r.Memory;
        text.AppendLine("## Capture").AppendLine();
        var table = new MarkdownTable("measure", "value");
        foreach (var s in r.Store)
        {
            table.Row($"writer capacity, {s.Label}: {Format.N(s.Records)} distinct records straight to a CaptureStore", $"**{Format.N(s.RowsPerSecond)} records/s**")
                .Row("  rate over the first / last fifth of the records", $"{Format.N(s.EarlyRowsPerSecond)} / {Format.N(s.LateRowsPerSecond)} records/s")
                .Row("  Submit cost on the request path; committed / dropped", $"{Format.F(s.SubmitNsPerRecord, 0)} ns/record; {Format.N(s.Written)} / {Format.N(s.Dropped)}")
                .Row("  allocated per record by the writer; thread-tip index in the schema", $"{Format.Kb(s.AllocatedBytesPerRecord)}; {(s.ThreadTipIndexed ? "yes" : "no")}")
                .Row("  database size afterwards (db + wal)", Format.Mb(s.DatabaseBytes));
        }
        table
            .Row("load phase: capturing gateway requests served / captured / dropped", $"{Format.N(l.Served)} / {Format.N(l.Written)} / {Format.N(l.Dropped)}")
            .Row("  peak queue depth (capacity 10,000)", Format.N(l.PeakQueueDepth))
            .Row("  capturing gateway req/s counting the time to drain the capture queue after each turn (16 / 64 conn)",
                string.Join(" / ", r.Settings.Connections.Select(c => Format.N(r.Load(Targets.CaptureOn, c).SustainedRequestsPerSecond))))
            .Row($"memory phase: {Format.N(r.Settings.MemoryCheckpoints[^1])} requests at {r.Settings.MemoryConnections} connections, mixed across the protocols", $"{Format.N(mem.RequestsPerSecond)} requests/s offered")
            .Row("  captures committed, sustained (until flush completed)", $"{Format.N(mem.RowsWritten)} at {Format.N(mem.RowsPerSecond)} rows/s")
            .Row("  writer lag after the last answer (sum over checkpoints)", $"{Format.F(mem.FlushLagMs, 1)} ms")
            .Row("  peak queue depth since start / dropped since start / request errors", $"{Format.N(mem.PeakQueueDepth)} / {Format.N(mem.Dropped)} / {Format.N(mem.Errors)}")
            .WriteTo(text);

        text.AppendLine("## Memory").AppendLine();
        text.AppendLine("Whole process (client, upstream, YARP and both gateways), after flushing the capture queue and a forced full compacting GC; " +
            "the last column is read after a further aggressive GC, which returns the free memory the GC keeps for reuse, so growth there is memory still held.").AppendLine();
        var memoryTable = new MarkdownTable("after requests", "working set", "GC heap (live)", "GC committed", "working set after aggressive GC");
        foreach (var snapshot in new[] { mem.Baseline }.Concat(mem.Checkpoints))
            memoryTable.Row(snapshot.Requests == 0 ? "0 (start of phase)" : Format.N(snapshot.Requests), Format.Mb(snapshot.WorkingSetBytes),
                Format.Mb(snapshot.GcHeapBytes), Format.Mb(snapshot.GcCommittedBytes), Format.Mb(snapshot.WorkingSetAfterAggressiveBytes));
        var (ws, heap, held) = Targets.Growth(mem);
        var (first, last) = (mem.Checkpoints[0], mem.Checkpoints[^1]);
        memoryTable.Row("growth first -> last checkpoint", Signed(ws), Signed(heap),
            Signed((last.GcCommittedBytes - first.GcCommittedBytes) / (double)first.GcCommittedBytes), Signed(held));
        memoryTable.WriteTo(text);
    }

    /// <summary>A ratio as a signed percentage.</summary>
    private static string Signed(double ratio) => (ratio >= 0 ? "+" : "") + Format.Pct(ratio);
}
