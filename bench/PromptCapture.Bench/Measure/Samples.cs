using System.Diagnostics;

namespace PromptCapture.Bench.Measure;

/// <summary>Latency samples in Stopwatch ticks, with percentiles in milliseconds.</summary>
internal sealed class Samples
{
    /// <summary>The raw samples, in the order taken.</summary>
    private readonly List<long> _ticks;

    /// <summary>Sorted copy, made on first percentile query.</summary>
    private long[]? _sorted;

    /// <summary>An empty set with room for <paramref name="capacity"/> samples.</summary>
    public Samples(int capacity = 1024) => _ticks = new List<long>(capacity);

    /// <summary>How many samples there are.</summary>
    public int Count => _ticks.Count;

    /// <summary>The raw samples, in order (for pairing with another variant's batch).</summary>
    public IReadOnlyList<long> Ticks => _ticks;

    /// <summary>Adds one sample.</summary>
    public void Add(long ticks)
    {
        _ticks.Add(ticks);
        _sorted = null;
    }

    /// <summary>Adds every sample of another set.</summary>
    public void AddRange(Samples other)
    {
        _ticks.AddRange(other._ticks);
        _sorted = null;
    }

    /// <summary>The p-th percentile (0..100) in milliseconds, linearly interpolated between ranks.</summary>
    public double Percentile(double p)
    {
        if (_ticks.Count == 0)
            return double.NaN;
        _sorted ??= Sorted();
        var rank = p / 100 * (_sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, _sorted.Length - 1);
        var value = _sorted[low] + (_sorted[high] - _sorted[low]) * (rank - low);
        return ToMs(value);
    }

    /// <summary>Converts Stopwatch ticks (which may be a signed difference) to milliseconds.</summary>
    public static double ToMs(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>The samples sorted ascending.</summary>
    private long[] Sorted()
    {
        var sorted = _ticks.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
