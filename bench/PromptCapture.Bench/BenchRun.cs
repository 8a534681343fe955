using System.Diagnostics;
using PromptCapture.Bench.Hosts;
using PromptCapture.Bench.Load;
using PromptCapture.Bench.Measure;
using PromptCapture.Bench.Micro;
using PromptCapture.Bench.Report;

namespace PromptCapture.Bench;

/// <summary>The whole measurement, phase by phase, on one stack started for the run.</summary>
internal static class BenchRun
{
    /// <summary>Runs every phase and returns the figures; <paramref name="progress"/> hears which phase is running.</summary>
    public static async Task<BenchResults> RunAsync(BenchSettings settings, string commandLine, Action<string> progress, CancellationToken cancellationToken)
    {
        var machine = MachineInfo.Current();
        var clock = Stopwatch.StartNew();
        await using var stack = await BenchStack.StartAsync();
        IReadOnlyList<IProbe> probes = [.. stack.Variants, stack.InProcess.SdkProbe(), stack.InProcess.ServiceProbe(), stack.InProcess.KernelProbe()];
        var store = stack.CaptureOn.Store;
        Task Drain(object variant) => variant == stack.GatewayCapture || stack.FrontDoors.Contains(variant)
            ? store.FlushAsync(cancellationToken) : Task.CompletedTask;

        progress($"warm-up: {settings.WarmUpCalls} calls per probe");
        await SequentialPhase.WarmUpAsync(probes, settings.WarmUpCalls, cancellationToken);
        await store.FlushAsync(cancellationToken);

        progress($"sequential: {settings.SequentialRounds} rounds x {settings.SequentialBatch} calls per probe");
        var sequential = await SequentialPhase.RunAsync(probes, settings.SequentialRounds, settings.SequentialBatch, Drain, cancellationToken);

        progress($"streaming: {settings.StreamRounds} rounds x {settings.StreamBatch} streams per variant");
        var streaming = await StreamingPhase.RunAsync(stack.Variants, settings.StreamWarmUp, settings.StreamRounds, settings.StreamBatch, Drain, cancellationToken);

        progress($"front doors: {string.Join(", ", stack.FrontDoors.Select(d => d.Name))} beside chat completions");
        var frontDoors = await FrontDoorPhase.RunAsync(settings, stack.Direct, stack.GatewayCapture, stack.FrontDoors, Drain, cancellationToken);

        var (written, dropped) = (store.Written, store.Dropped);
        var concurrent = new List<ConcurrentResult>();
        foreach (var connections in settings.Connections)
        {
            progress($"load: {connections} connections, {settings.LoadPerVariant.TotalSeconds:0.#} s per variant in {settings.LoadSlices} turns");
            concurrent.AddRange(await ConcurrentPhase.RunAsync(stack.Variants, connections, settings.LoadPerVariant, settings.LoadSlices, Drain, cancellationToken));
        }
        await store.FlushAsync(cancellationToken);
        var served = concurrent.Where(c => c.Name == stack.GatewayCapture.Name).Sum(c => (long)c.Latency.Count);
        var loadCapture = new LoadCaptureResult(served, store.Written - written, store.Dropped - dropped, store.PeakQueueDepth);

        // Mixed across chat completions and every other protocol that answered in the front-door phase.
        List<HttpVariant> doors = [stack.GatewayCapture, .. stack.FrontDoors.Where(d => frontDoors.Load.Any(l => l.Name == d.Name))];
        progress($"memory: capturing gateway up to {string.Join(" and ", settings.MemoryCheckpoints)} requests, mixed across {doors.Count} protocols");
        var memory = await MemoryPhase.RunAsync(doors, store, settings.MemoryCheckpoints, settings.MemoryConnections, cancellationToken);

        progress($"store: {settings.StoreRecords} records straight to a CaptureStore, as shipped (and with a thread-tip index if the schema lacks one)");
        var storeResults = new List<StoreThroughputResult>
        {
            await StoreThroughputPhase.RunAsync(stack.Files.PathOf("store.db"), settings.StoreRecords, threadTipIndex: false, cancellationToken),
        };
        if (!storeResults[0].ThreadTipIndexed) // the what-if only means something while the schema lacks the index
            storeResults.Add(await StoreThroughputPhase.RunAsync(stack.Files.PathOf("store-indexed.db"), settings.StoreRecords, threadTipIndex: true, cancellationToken));

        progress($"profile: {settings.StageIterations} calls per hot-path stage");
        var stages = new List<StageCost>();
        await using (var hotPath = await HotPathStages.CreateAsync())
        {
            foreach (var (name, run) in hotPath.All)
                stages.Add(await StageTimer.MeasureAsync(name, run, settings.StageIterations));
        }
        return new BenchResults(settings, machine, commandLine, SourceVersion.Describe(), sequential, concurrent, streaming, loadCapture, memory, storeResults, stages, clock.Elapsed) { FrontDoors = frontDoors };
    }
}
