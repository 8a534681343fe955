using System.Text;

namespace PromptCapture.Bench.Report;

/// <summary>Renders a run as the markdown that is printed and written to bench/results/latest.md.</summary>
internal static class MarkdownReport
{
    /// <summary>The whole report.</summary>
    public static string Render(BenchResults r)
    {
        var text = new StringBuilder();
        var m = r.Machine;
        text.AppendLine($"# PromptCapture benchmark ({(r.Settings.Quick ? "quick" : "full")} run)").AppendLine();
        text.AppendLine($"- command: `{r.CommandLine}`; commit measured: {r.Source}");
        text.AppendLine($"- date: {m.DateUtc:yyyy-MM-dd HH:mm} UTC; measurements took {Format.S(r.Elapsed)}");
        text.AppendLine($"- machine: nproc {m.Processors}, {m.CpuModel}, {Format.F(m.MemoryGiB, 1)} GiB RAM, {m.Os}");
        text.AppendLine($"- runtime: {m.Runtime}; {m.Gc}; Release build: {IsRelease}");
        text.AppendLine("- everything in one process on loopback: client, fast fake upstream, YARP, gateway capture on (temp logs.db) and off").AppendLine();

        text.AppendLine("## Results").AppendLine();
        SummaryTable.WriteTo(text, r);

        text.AppendLine("## Targets").AppendLine();
        var targets = Targets.Check(r);
        var table = new MarkdownTable("target", "measured", "status");
        foreach (var t in targets)
            table.Row(t.Description, t.Measured, t.Met ? "met" : "**missed**");
        table.WriteTo(text);

        FrontDoorSection.WriteTo(text, r);
        CaptureSection.WriteTo(text, r);
        ProfileSection.WriteTo(text, r);
        Analysis.WriteTo(text, r, targets);
        MethodSection.WriteTo(text, r);
        return text.ToString();
    }

    /// <summary>Whether this binary was built in Release (a Debug run's figures mean little).</summary>
    private static string IsRelease =>
#if DEBUG
        "**no (Debug)**";
#else
        "yes";
#endif
}
