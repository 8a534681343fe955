namespace PromptCapture.Bench.Measure;

/// <summary>Round-robin order helpers, so each round starts with a different variant and drift hits all alike.</summary>
internal static class Interleave
{
    /// <summary>The items rotated left by <paramref name="round"/>.</summary>
    public static IEnumerable<T> Rotated<T>(IReadOnlyList<T> items, int round)
    {
        for (var i = 0; i < items.Count; i++)
            yield return items[(i + round) % items.Count];
    }
}
