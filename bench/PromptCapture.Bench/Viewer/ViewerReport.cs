using System.Globalization;
using System.Text;
using PromptCapture.Bench.Report;

namespace PromptCapture.Bench.Viewer;

/// <summary>The viewer phase as markdown, for bench/results/viewer.md.</summary>
internal static class ViewerReport
{
    /// <summary>Renders the results with the machine and command they came from.</summary>
    public static string Render(ViewerResults results, string commandLine)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var machine = MachineInfo.Current();
        text.AppendLine("# Capture viewer on a large database")
            .AppendLine()
            .AppendLine(string.Create(inv, $"`{commandLine}`, {machine.DateUtc:yyyy-MM-dd HH:mm} UTC; {machine.Processors} cores ({machine.CpuModel}), {machine.MemoryGiB:0} GiB, {machine.Runtime}, {machine.Os}."))
            .AppendLine()
            .AppendLine(string.Create(inv, $"A database of {results.Turns:N0} turns ({results.Turns / ViewerDatabase.TurnsPerThread:N0} conversations of {ViewerDatabase.TurnsPerThread} turns, every turn resending its history) written by the real capture writer in {results.FillSeconds:0.0} s; file {results.DatabaseBytes / 1024.0 / 1024.0:0.0} MiB. Each operation is called once (first) and then 30 more times (median, p90), in milliseconds."))
            .AppendLine()
            .AppendLine("| Operation | Rows | First ms | Median ms | p90 ms |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var t in results.Timings)
            text.AppendLine(string.Create(inv, $"| {t.Name} | {t.Rows} | {t.FirstMs:0.00} | {t.MedianMs:0.00} | {t.P90Ms:0.00} |"));
        text.AppendLine()
            .AppendLine("Query plan of the first page's walk (`EXPLAIN QUERY PLAN`): turns newest first on the primary key index, each thread's latest")
            .AppendLine("turn from `prompt_capture_turns_thread` (turns(thread_id, id)), so a page costs the same however many turns there are.")
            .AppendLine()
            .AppendLine("```");
        foreach (var line in results.ListPlan)
            text.AppendLine(line);
        text.AppendLine("```");
        return text.ToString();
    }
}
