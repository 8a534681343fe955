using System.Text;

namespace PromptCapture.Bench.Report;

/// <summary>Where the gateway's added time goes: a split of the sequential p50 by component, and the in-process stage costs.</summary>
internal static class ProfileSection
{
    /// <summary>The in-process probe names (see InProcessGateway).</summary>
    public const string Sdk = "openai sdk", SkService = "sk service", SkKernel = "sk kernel+filter";

    /// <summary>One component of the added latency, from differences of sequential p50s.</summary>
    /// <param name="Component">What it covers.</param>
    /// <param name="HowMeasured">Which difference it is.</param>
    /// <param name="Ms">Its share in milliseconds.</param>
    internal sealed record Part(string Component, string HowMeasured, double Ms);

    /// <summary>The split of the capturing gateway's added p50 over direct.</summary>
    public static IReadOnlyList<Part> Breakdown(BenchResults r)
    {
        double P50(string name) => r.Seq(name).Latency.Percentile(50);
        var hop = P50(Targets.Yarp) - P50(Targets.Direct);
        return
        [
            new("for reference: the OpenAI SDK's ChatClient instead of a raw HttpClient (not on the gateway's path)", "openai sdk - direct", P50(Sdk) - P50(Targets.Direct)),
            new("the gateway's SK service over a raw HttpClient (request write, handler chain, answer read)", "sk service - direct", P50(SkService) - P50(Targets.Direct)),
            new("kernel function + capture filter (record assembly, no store)", "sk kernel+filter - sk service", P50(SkKernel) - P50(SkService)),
            new("one extra HTTP hop, as a plain proxy pays it", "yarp - direct", hop),
            new("gateway HTTP layer beyond a plain hop (routing, body parse, response write)", "(gateway off - sk kernel+filter) - (yarp - direct)", P50(Targets.CaptureOff) - P50(SkKernel) - hop),
            new("capture store on vs off (Submit, and the writer sharing the cores)", "gateway on - gateway off", P50(Targets.CaptureOn) - P50(Targets.CaptureOff)),
            new("total added by the capturing gateway", "gateway on - direct", P50(Targets.CaptureOn) - P50(Targets.Direct)),
        ];
    }

    /// <summary>Appends the profile section.</summary>
    public static void WriteTo(StringBuilder text, BenchResults r)
    {
        text.AppendLine("## Profile: where the added time goes").AppendLine();
        text.AppendLine("Sequential p50 differences between the probes (in-process probes call the gateway's own SK service and kernel against the same upstream, without its HTTP server).").AppendLine();
        var split = new MarkdownTable("component", "difference", "p50 ms", "allocated/request");
        double Alloc(string name) => r.Seq(name).AllocatedBytesPerCall;
        var allocs = new[]
        {
            Alloc(Sdk) - Alloc(Targets.Direct), Alloc(SkService) - Alloc(Targets.Direct), Alloc(SkKernel) - Alloc(SkService), Alloc(Targets.Yarp) - Alloc(Targets.Direct),
            Alloc(Targets.CaptureOff) - Alloc(SkKernel) - (Alloc(Targets.Yarp) - Alloc(Targets.Direct)),
            Alloc(Targets.CaptureOn) - Alloc(Targets.CaptureOff), Alloc(Targets.CaptureOn) - Alloc(Targets.Direct),
        };
        var parts = Breakdown(r);
        for (var i = 0; i < parts.Count; i++)
            split.Row(parts[i].Component, parts[i].HowMeasured, Format.DeltaMs(parts[i].Ms), Format.Kb(allocs[i]));
        split.WriteTo(text);

        text.AppendLine($"In-process stage costs ({Format.N(r.Settings.StageIterations)} calls each, after warm-up; 'canned' = an SK service replaying answers recorded from the real connector, no I/O).").AppendLine();
        var stages = new MarkdownTable("stage", "us/call", "allocated/call");
        foreach (var stage in r.Stages)
            stages.Row(stage.Name, Format.Us(stage.NanosecondsPerCall), Format.Kb(stage.BytesPerCall));
        stages.WriteTo(text);
    }
}
