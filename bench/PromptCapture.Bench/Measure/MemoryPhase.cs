using System.Diagnostics;
using PromptCapture.Bench.Load;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Bench.Measure;

/// <summary>Memory after each checkpoint, and how the capture store kept up with the load that got there.</summary>
/// <param name="Baseline">Before the phase's requests.</param>
/// <param name="Checkpoints">After each checkpoint, once the capture queue is flushed.</param>
/// <param name="RequestsPerSecond">Requests per second offered to the gateway during the phase.</param>
/// <param name="RowsWritten">Captures committed during the phase.</param>
/// <param name="RowsPerSecond">Captures committed per second, from the first request to the last flush completing.</param>
/// <param name="FlushLagMs">Time from the last answer to the capture queue being empty, summed over checkpoints.</param>
/// <param name="PeakQueueDepth">Deepest the capture queue has been (since the gateway started).</param>
/// <param name="Dropped">Captures lost since the gateway started.</param>
/// <param name="Errors">Requests that failed.</param>
internal sealed record MemoryResult(MemorySnapshot Baseline, IReadOnlyList<MemorySnapshot> Checkpoints, double RequestsPerSecond,
    long RowsWritten, double RowsPerSecond, double FlushLagMs, int PeakQueueDepth, long Dropped, long Errors);

/// <summary>
/// Drives the capturing gateway up to each checkpoint (a cumulative request count) with a fixed number of callers,
/// flushes the capture queue, forces a full GC and records working set and GC heap: flat means no per-request leak.
/// </summary>
internal static class MemoryPhase
{
    /// <summary>
    /// Runs the phase against the capturing gateway through <paramref name="doors"/> in turn (request i goes through
    /// door i mod n, so every protocol's path is exercised alike); its capture store is <paramref name="store"/>.
    /// </summary>
    public static async Task<MemoryResult> RunAsync(IReadOnlyList<HttpVariant> doors, CaptureStore store, IReadOnlyList<int> checkpoints, int connections, CancellationToken cancellationToken)
    {
        var baseline = MemorySnapshot.Take(0);
        var snapshots = new List<MemorySnapshot>();
        var writtenBefore = store.Written;
        long sent = 0, errors = 0;
        var busy = TimeSpan.Zero;
        var lag = TimeSpan.Zero;
        var totalBusy = TimeSpan.Zero;
        foreach (var target in checkpoints)
        {
            var loadStart = Stopwatch.GetTimestamp();
            var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
            {
                long failed = 0;
                long number;
                while ((number = Interlocked.Increment(ref sent)) <= target)
                {
                    try { await doors[(int)(number % doors.Count)].CallAsync(cancellationToken); }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested) { failed++; }
                }
                Interlocked.Decrement(ref sent); // the increment that overshot the target sent nothing
                return failed;
            })).ToArray();
            errors += (await Task.WhenAll(workers)).Sum();
            busy += Stopwatch.GetElapsedTime(loadStart);
            var flushStart = Stopwatch.GetTimestamp();
            await store.FlushAsync(cancellationToken);
            lag += Stopwatch.GetElapsedTime(flushStart);
            totalBusy += Stopwatch.GetElapsedTime(loadStart);
            snapshots.Add(MemorySnapshot.Take(target));
        }
        var rows = store.Written - writtenBefore;
        return new MemoryResult(baseline, snapshots, checkpoints[^1] / busy.TotalSeconds, rows, rows / totalBusy.TotalSeconds,
            lag.TotalMilliseconds, store.PeakQueueDepth, store.Dropped, errors);
    }
}
