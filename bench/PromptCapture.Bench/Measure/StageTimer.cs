using System.Diagnostics;

namespace PromptCapture.Bench.Measure;

/// <summary>Cost of one hot-path stage: mean time and bytes allocated per call.</summary>
/// <param name="Name">The stage.</param>
/// <param name="NanosecondsPerCall">Mean wall time per call.</param>
/// <param name="BytesPerCall">Mean bytes allocated per call (whole process; the process is otherwise idle).</param>
internal sealed record StageCost(string Name, double NanosecondsPerCall, double BytesPerCall);

/// <summary>A plain loop timer for the in-run profile; `--micro` runs the same stages under BenchmarkDotNet for rigour.</summary>
internal static class StageTimer
{
    /// <summary>Warms the stage up, then times <paramref name="iterations"/> calls in one go.</summary>
    public static async Task<StageCost> MeasureAsync(string name, Func<ValueTask> stage, int iterations)
    {
        for (var i = 0; i < Math.Max(100, iterations / 5); i++)
            await stage();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
            await stage();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return new StageCost(name, elapsed.TotalNanoseconds / iterations, allocated / (double)iterations);
    }
}
