using System.Text;

namespace PromptCapture.Bench.Report;

/// <summary>
/// The capturing gateway through each protocol beside chat completions: the bar is each within 0.05 ms p50
/// and 10% throughput of chat completions. Throughput is compared drain included: the writer defers its work to idle
/// time, so how much of a protocol's capture work lands inside its one-second turns rather than in the drain after
/// them moved the turn-only rate by 15% either way between runs, while the sustained rate counts all of it.
/// </summary>
internal static class FrontDoorSection
{
    /// <summary>Largest p50 difference from chat completions that still counts as "as fast as chat".</summary>
    public const double MaxP50DifferenceMs = 0.05;

    /// <summary>Lowest throughput, as a share of chat completions', that still counts.</summary>
    public const double MinThroughputShare = 0.9;

    /// <summary>Appends the section (nothing when the run had no front-door phase).</summary>
    public static void WriteTo(StringBuilder text, BenchResults r)
    {
        if (r.FrontDoors is not { } f)
            return;
        text.AppendLine("## Front doors (capture on)").AppendLine();
        text.AppendLine("The same request (system prompt, user turn, temperature, max tokens) in each protocol's own shape, to the same fast upstream; " +
            "sequential and streaming interleaved with direct, load at " + f.Connections + " connections taking turns with chat completions; " +
            "'as fast as chat' compares the sustained rate, which counts the capture queue's drain after each turn.").AppendLine();
        var direct = f.Sequential[0];
        var chat = f.Sequential[1];
        var directStream = f.Streaming[0];
        var chatLoad = f.Load[0];
        var table = new MarkdownTable("protocol", "added p50 / p99 (ms)", "p50 vs chat (ms)", "allocated per request",
            "stream first event added p50 / p99 (ms)", $"{f.Connections} conn req/s", "vs chat", "sustained req/s (drain included)", "vs chat", "as fast as chat");
        for (var i = 1; i < f.Sequential.Count; i++)
        {
            var seq = f.Sequential[i];
            var stream = f.Streaming[i];
            var load = f.Load[i - 1];
            var p50VsChat = seq.Latency.Percentile(50) - chat.Latency.Percentile(50);
            var share = load.RequestsPerSecond / chatLoad.RequestsPerSecond;
            var sustainedShare = load.SustainedRequestsPerSecond / chatLoad.SustainedRequestsPerSecond;
            var name = seq.Name.Replace("gateway capture on", "gateway /v1/chat/completions", StringComparison.Ordinal);
            table.Row(name,
                $"{Format.DeltaMs(seq.Latency.Percentile(50) - direct.Latency.Percentile(50))} / {Format.DeltaMs(seq.Latency.Percentile(99) - direct.Latency.Percentile(99))}",
                i == 1 ? "" : Format.DeltaMs(p50VsChat),
                Format.Kb(seq.AllocatedBytesPerCall),
                $"{Format.DeltaMs(stream.FirstChunk.Percentile(50) - directStream.FirstChunk.Percentile(50))} / {Format.DeltaMs(stream.FirstChunk.Percentile(99) - directStream.FirstChunk.Percentile(99))}",
                Format.N(load.RequestsPerSecond),
                i == 1 ? "" : Format.Pct(share),
                Format.N(load.SustainedRequestsPerSecond),
                i == 1 ? "" : Format.Pct(sustainedShare),
                i == 1 ? "" : p50VsChat <= MaxP50DifferenceMs && sustainedShare >= MinThroughputShare ? "yes" : "**no**");
        }
        table.WriteTo(text);
        foreach (var missing in f.NotServed)
            text.AppendLine($"- not measured: {missing}");
        if (f.NotServed.Count > 0)
            text.AppendLine();
    }
}
