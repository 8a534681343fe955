using System.Text;

namespace PromptCapture.Bench.Report;

/// <summary>How the figures were taken, so a reader can judge them.</summary>
internal static class MethodSection
{
    /// <summary>Appends the method notes.</summary>
    public static void WriteTo(StringBuilder text, BenchResults r)
    {
        var s = r.Settings;
        text.AppendLine("## Method").AppendLine();
        text.AppendLine($"- Variants are interleaved: sequential and streaming phases run one batch per variant per round ({s.SequentialRounds} x {s.SequentialBatch} sequential, {s.StreamRounds} x {s.StreamBatch} streams), rotating which variant goes first; the load phase cuts {Format.S(s.LoadPerVariant)} per variant into {s.LoadSlices} turns.");
        text.AppendLine("- After each batch or turn of the capturing gateway its capture queue is flushed (untimed in the sequential and streaming phases; timed apart in the load phase, where it gives the 'sustained' rate), so the writer's CPU lands on the capturing gateway's own figures and never on the next variant's.");
        text.AppendLine("- 'added pN' is the variant's own pN minus direct's pN; 'paired delta pN' is the pN of (call i of the variant's batch - call i of direct's batch in the same round).");
        text.AppendLine("- One shared HttpClient per variant (SocketsHttpHandler, MaxConnectionsPerServer 512, pooled for the whole run); every answer is read to the end and must be HTTP 200 (streams must end with [DONE]).");
        text.AppendLine("- The fake upstream answers at once with precomputed bytes (a 10-delta stream plus finish and usage chunks when `stream` is true).");
        text.AppendLine("- YARP: `IHttpForwarder` direct forwarding of `/v1/{**}` with `HttpTransformer.Default`, its own SocketsHttpHandler.");
        text.AppendLine("- Latency is measured on the client from sending to reading the last byte; the client, the proxies and the upstream share the same cores, so ratios and differences are what matter.");
        text.AppendLine($"- Warm-up: {s.WarmUpCalls} calls per probe, {s.StreamWarmUp} streams per variant, before measuring.");
        text.AppendLine("- GC: Server GC with background collections, the Web SDK default the gateway itself runs with (DATAS on, as in .NET 10); allocations and CPU are whole-process figures, so compare them across variants.");
        text.AppendLine("- 'openai sdk', 'sk service' and 'sk kernel+filter' call the OpenAI SDK's ChatClient, the gateway's own SK service, and its kernel with the capture filter (records counted, not written) in-process against the upstream, without the gateway's HTTP server.");
    }
}
