using PromptCapture.Bench.Load;

namespace PromptCapture.Bench.Measure;

/// <summary>Streaming timings of one variant.</summary>
/// <param name="Name">The variant.</param>
/// <param name="FirstChunk">Send to first complete SSE event.</param>
/// <param name="LastChunk">Send to end of stream (after [DONE]).</param>
internal sealed record StreamingResult(string Name, Samples FirstChunk, Samples LastChunk);

/// <summary>One stream at a time, variants interleaved per batch: how much later the first and last chunk arrive than direct.</summary>
internal static class StreamingPhase
{
    /// <summary>
    /// Streams <paramref name="warmUp"/> answers per variant unmeasured, then <paramref name="rounds"/> batches of
    /// <paramref name="batch"/>; <paramref name="afterBatch"/> runs untimed after each batch.
    /// </summary>
    public static async Task<IReadOnlyList<StreamingResult>> RunAsync(
        IReadOnlyList<HttpVariant> variants, int warmUp, int rounds, int batch, Func<HttpVariant, Task> afterBatch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < warmUp; i++)
            foreach (var variant in variants)
                await variant.StreamAsync(cancellationToken);
        foreach (var variant in variants)
            await afterBatch(variant);
        var first = variants.ToDictionary(v => v, _ => new Samples(rounds * batch));
        var last = variants.ToDictionary(v => v, _ => new Samples(rounds * batch));
        for (var round = 0; round < rounds; round++)
            foreach (var variant in Interleave.Rotated(variants, round))
            {
                for (var i = 0; i < batch; i++)
                {
                    var (f, l) = await variant.StreamAsync(cancellationToken);
                    first[variant].Add(f);
                    last[variant].Add(l);
                }
                await afterBatch(variant);
            }
        return variants.Select(v => new StreamingResult(v.Name, first[v], last[v])).ToList();
    }
}
