using PromptCapture.Bench.Load;

namespace PromptCapture.Bench.Measure;

/// <summary>
/// The capturing gateway through each protocol it speaks, beside chat completions: sequential latency over direct,
/// time to the first streamed event, and throughput at one concurrency level.
/// </summary>
/// <param name="Sequential">Direct first, then chat completions, then each protocol that answered.</param>
/// <param name="Streaming">The same variants streaming.</param>
/// <param name="Load">Chat completions and each protocol under closed-loop load.</param>
/// <param name="Connections">The concurrency of <paramref name="Load"/>.</param>
/// <param name="NotServed">Protocols that did not answer a first request (with why), left out of the figures.</param>
internal sealed record FrontDoorResults(IReadOnlyList<SequentialResult> Sequential, IReadOnlyList<StreamingResult> Streaming,
    IReadOnlyList<ConcurrentResult> Load, int Connections, IReadOnlyList<string> NotServed);

/// <summary>Runs the front-door comparison on the bench stack's capturing gateway.</summary>
internal static class FrontDoorPhase
{
    /// <summary>
    /// Measures <paramref name="chat"/> and every protocol in <paramref name="doors"/> that answers, interleaved
    /// with <paramref name="direct"/> as the baseline; <paramref name="drain"/> runs untimed after each batch.
    /// </summary>
    public static async Task<FrontDoorResults> RunAsync(BenchSettings settings, HttpVariant direct, HttpVariant chat,
        IReadOnlyList<HttpVariant> doors, Func<HttpVariant, Task> drain, CancellationToken cancellationToken)
    {
        var served = new List<HttpVariant>();
        var notServed = new List<string>();
        foreach (var door in doors)
        {
            try
            {
                await door.CallAsync(cancellationToken);
                await door.StreamAsync(cancellationToken);
                served.Add(door);
            }
            catch (InvalidOperationException ex)
            {
                notServed.Add(ex.Message); // names the variant already
            }
        }
        List<HttpVariant> measured = [direct, chat, .. served];
        await SequentialPhase.WarmUpAsync(measured, settings.WarmUpCalls / 2, cancellationToken);
        foreach (var variant in measured)
            await drain(variant);
        var sequential = await SequentialPhase.RunAsync(measured, settings.SequentialRounds / 2, settings.SequentialBatch,
            probe => drain((HttpVariant)probe), cancellationToken);
        var streaming = await StreamingPhase.RunAsync(measured, settings.StreamWarmUp / 2, settings.StreamRounds / 2, settings.StreamBatch, drain, cancellationToken);
        var connections = settings.Connections[0];
        var load = await ConcurrentPhase.RunAsync([chat, .. served], connections, settings.LoadPerVariant, settings.LoadSlices, drain, cancellationToken);
        return new FrontDoorResults(sequential, streaming, load, connections, notServed);
    }
}
