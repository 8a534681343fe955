using System.Diagnostics;
using PromptCapture.Bench.Load;

namespace PromptCapture.Bench.Measure;

/// <summary>What the sequential phase measured for one probe.</summary>
/// <param name="Name">The probe's name.</param>
/// <param name="Latency">Every call's latency.</param>
/// <param name="PairedDelta">Call i of each batch minus call i of the baseline's batch in the same round.</param>
/// <param name="AllocatedBytesPerCall">Bytes allocated by the whole process per call (client, hops and upstream included).</param>
/// <param name="GcPauseMsPer1000">GC pause time during this probe's batches, per 1000 calls.</param>
/// <param name="GcCountPer1000">Collections (any generation) during this probe's batches, per 1000 calls.</param>
internal sealed record SequentialResult(string Name, Samples Latency, Samples PairedDelta, double AllocatedBytesPerCall, double GcPauseMsPer1000, double GcCountPer1000);

/// <summary>
/// One call at a time, variants interleaved round-robin per batch: the added latency of each variant over the
/// baseline (the first probe), both as percentile differences and as paired per-call differences.
/// </summary>
internal static class SequentialPhase
{
    /// <summary>Calls each probe <paramref name="calls"/> times, in turn, to get JIT tiers and connection pools settled.</summary>
    public static async Task WarmUpAsync(IReadOnlyList<IProbe> probes, int calls, CancellationToken cancellationToken)
    {
        for (var i = 0; i < calls; i++)
            foreach (var probe in probes)
                await probe.CallAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of one batch per probe; the first probe is the baseline.
    /// <paramref name="afterBatch"/> runs untimed after each batch (the capturing gateway drains its queue there, so
    /// its writer's CPU lands on its own batch and not on the next variant's).
    /// </summary>
    public static async Task<IReadOnlyList<SequentialResult>> RunAsync(
        IReadOnlyList<IProbe> probes, int rounds, int batch, Func<IProbe, Task> afterBatch, CancellationToken cancellationToken)
    {
        var latency = probes.ToDictionary(p => p, _ => new Samples(rounds * batch));
        var paired = probes.ToDictionary(p => p, _ => new Samples(rounds * batch));
        var allocated = probes.ToDictionary(p => p, _ => 0L);
        var paused = probes.ToDictionary(p => p, _ => TimeSpan.Zero);
        var collections = probes.ToDictionary(p => p, _ => 0);
        var baseline = probes[0];
        for (var round = 0; round < rounds; round++)
        {
            var thisRound = new Dictionary<IProbe, long[]>();
            foreach (var probe in Interleave.Rotated(probes, round))
            {
                var ticks = new long[batch];
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var pauseBefore = GC.GetTotalPauseDuration();
                var gcBefore = GC.CollectionCount(0);
                for (var i = 0; i < batch; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await probe.CallAsync(cancellationToken);
                    ticks[i] = Stopwatch.GetTimestamp() - start;
                }
                paused[probe] += GC.GetTotalPauseDuration() - pauseBefore;
                collections[probe] += GC.CollectionCount(0) - gcBefore;
                await afterBatch(probe);
                allocated[probe] += GC.GetTotalAllocatedBytes(precise: true) - before;
                thisRound[probe] = ticks;
            }
            foreach (var probe in probes)
                for (var i = 0; i < batch; i++)
                {
                    latency[probe].Add(thisRound[probe][i]);
                    paired[probe].Add(thisRound[probe][i] - thisRound[baseline][i]);
                }
        }
        var calls = (double)(rounds * batch);
        return probes.Select(p => new SequentialResult(p.Name, latency[p], paired[p], allocated[p] / calls,
            paused[p].TotalMilliseconds / calls * 1000, collections[p] / calls * 1000)).ToList();
    }
}
