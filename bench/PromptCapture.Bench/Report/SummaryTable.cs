using System.Text;
using PromptCapture.Bench.Measure;

namespace PromptCapture.Bench.Report;

/// <summary>The one table the run prints: every variant side by side, latency, load, streaming and allocations.</summary>
internal static class SummaryTable
{
    /// <summary>The HTTP variants, in column order.</summary>
    private static readonly string[] Columns = [Targets.Direct, Targets.Yarp, Targets.CaptureOn, Targets.CaptureOff];

    /// <summary>Appends the table.</summary>
    public static void WriteTo(StringBuilder text, BenchResults r)
    {
        var table = new MarkdownTable(["measure", .. Columns]);
        var direct = r.Seq(Targets.Direct).Latency;
        foreach (var p in new[] { 50, 90, 99 })
            table.Row([$"sequential p{p} (ms)", .. Columns.Select(c => Format.Ms(r.Seq(c).Latency.Percentile(p)))]);
        foreach (var p in new[] { 50, 90, 99 })
            table.Row([$"added p{p} over direct (ms)", "", .. Columns.Skip(1).Select(c => Format.DeltaMs(r.Seq(c).Latency.Percentile(p) - direct.Percentile(p)))]);
        foreach (var p in new[] { 50, 90, 99 })
            table.Row([$"paired delta p{p} (ms)", "", .. Columns.Skip(1).Select(c => Format.DeltaMs(r.Seq(c).PairedDelta.Percentile(p)))]);
        table.Row(["allocated per request, whole process", .. Columns.Select(c => Format.Kb(r.Seq(c).AllocatedBytesPerCall))]);
        table.Row(["GC pauses per 1000 sequential requests (count / ms)", .. Columns.Select(c => $"{Format.F(r.Seq(c).GcCountPer1000, 1)} / {Format.F(r.Seq(c).GcPauseMsPer1000, 1)}")]);
        foreach (var connections in r.Settings.Connections)
        {
            var yarp = r.Load(Targets.Yarp, connections).RequestsPerSecond;
            table.Row([$"{connections} conn: requests/s", .. Columns.Select(c => Format.N(r.Load(c, connections).RequestsPerSecond))]);
            table.Row([$"{connections} conn: ratio to YARP", .. Columns.Select(c => Format.Pct(r.Load(c, connections).RequestsPerSecond / yarp))]);
            table.Row([$"{connections} conn: p50 / p99 (ms)", .. Columns.Select(c => Pair(r.Load(c, connections).Latency))]);
            table.Row([$"{connections} conn: process CPU per request (us)", .. Columns.Select(c => Format.N(r.Load(c, connections).CpuMicrosecondsPerRequest))]);
        }
        var streamDirect = r.Stream(Targets.Direct);
        table.Row(["stream first chunk p50 / p99 (ms)", .. Columns.Select(c => Pair(r.Stream(c).FirstChunk))]);
        table.Row(["stream first chunk added p50 / p99 (ms)", "", .. Columns.Skip(1).Select(c => AddedPair(r.Stream(c).FirstChunk, streamDirect.FirstChunk))]);
        table.Row(["stream last chunk p50 / p99 (ms)", .. Columns.Select(c => Pair(r.Stream(c).LastChunk))]);
        table.Row(["stream last chunk added p50 / p99 (ms)", "", .. Columns.Skip(1).Select(c => AddedPair(r.Stream(c).LastChunk, streamDirect.LastChunk))]);
        table.WriteTo(text);
    }

    /// <summary>"p50 / p99".</summary>
    private static string Pair(Samples s) => $"{Format.Ms(s.Percentile(50))} / {Format.Ms(s.Percentile(99))}";

    /// <summary>"+p50 / +p99" of a variant over the baseline.</summary>
    private static string AddedPair(Samples s, Samples baseline) =>
        $"{Format.DeltaMs(s.Percentile(50) - baseline.Percentile(50))} / {Format.DeltaMs(s.Percentile(99) - baseline.Percentile(99))}";
}
