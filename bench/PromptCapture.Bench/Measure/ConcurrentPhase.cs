using System.Diagnostics;
using PromptCapture.Bench.Load;

namespace PromptCapture.Bench.Measure;

/// <summary>What one variant did under one concurrency level.</summary>
/// <param name="Name">The variant.</param>
/// <param name="Connections">Concurrent callers.</param>
/// <param name="RequestsPerSecond">Completed requests per second of the variant's own slices.</param>
/// <param name="Latency">Every completed request's latency.</param>
/// <param name="Errors">Requests that failed.</param>
/// <param name="SustainedRequestsPerSecond">Completed requests per second counting the time spent draining work left behind (the capture queue).</param>
/// <param name="CpuMicrosecondsPerRequest">Process CPU time per completed request over the variant's turns and drains (client and upstream included).</param>
internal sealed record ConcurrentResult(string Name, int Connections, double RequestsPerSecond, Samples Latency, long Errors,
    double SustainedRequestsPerSecond, double CpuMicrosecondsPerRequest);

/// <summary>
/// Closed-loop load: N callers each sending the next request as soon as the last answer is read. The duration is
/// cut into slices and the variants take turns slice by slice, so slow drift (GC, the capture writer) hits all alike.
/// </summary>
internal static class ConcurrentPhase
{
    /// <summary>
    /// Runs every variant for <paramref name="perVariant"/> in total, in <paramref name="slices"/> turns, at
    /// <paramref name="connections"/> callers; <paramref name="drain"/> runs after each turn, timed apart, so work a
    /// variant leaves behind (the capture queue) neither slows the next variant nor goes unaccounted.
    /// </summary>
    public static async Task<IReadOnlyList<ConcurrentResult>> RunAsync(
        IReadOnlyList<HttpVariant> variants, int connections, TimeSpan perVariant, int slices, Func<HttpVariant, Task> drain, CancellationToken cancellationToken)
    {
        var latency = variants.ToDictionary(v => v, _ => new Samples(16 * 1024));
        var completed = variants.ToDictionary(v => v, _ => 0L);
        var errors = variants.ToDictionary(v => v, _ => 0L);
        var busy = variants.ToDictionary(v => v, _ => 0L);
        var draining = variants.ToDictionary(v => v, _ => 0L);
        var cpu = variants.ToDictionary(v => v, _ => TimeSpan.Zero);
        using var process = Process.GetCurrentProcess();
        var slice = perVariant / slices;
        for (var round = 0; round < slices; round++)
        {
            foreach (var variant in Interleave.Rotated(variants, round))
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var start = Stopwatch.GetTimestamp();
                var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(() => WorkAsync(variant, slice, cancellationToken))).ToArray();
                var results = await Task.WhenAll(workers);
                busy[variant] += Stopwatch.GetTimestamp() - start;
                var drainStart = Stopwatch.GetTimestamp();
                await drain(variant);
                draining[variant] += Stopwatch.GetTimestamp() - drainStart;
                process.Refresh();
                cpu[variant] += process.TotalProcessorTime - cpuBefore;
                foreach (var (samples, failed) in results)
                {
                    latency[variant].AddRange(samples);
                    completed[variant] += samples.Count;
                    errors[variant] += failed;
                }
            }
        }
        return variants.Select(v => new ConcurrentResult(
            v.Name, connections, completed[v] / Stopwatch.GetElapsedTime(0, busy[v]).TotalSeconds, latency[v], errors[v],
            completed[v] / Stopwatch.GetElapsedTime(0, busy[v] + draining[v]).TotalSeconds,
            cpu[v].TotalMicroseconds / Math.Max(1, completed[v]))).ToList();
    }

    /// <summary>One caller: requests back to back until the slice ends.</summary>
    private static async Task<(Samples Samples, long Errors)> WorkAsync(HttpVariant variant, TimeSpan duration, CancellationToken cancellationToken)
    {
        var samples = new Samples(4096);
        long failed = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await variant.CallAsync(cancellationToken);
                samples.Add(Stopwatch.GetTimestamp() - start);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
            }
        }
        return (samples, failed);
    }
}
