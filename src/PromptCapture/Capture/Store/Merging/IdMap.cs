namespace PromptCapture.Capture.Store.Merging;

/// <summary>Source INTEGER ids to the target's; an id never seen passes through (a dangling reference stays one).</summary>
internal sealed class IdMap
{
    /// <summary>The pairs seen.</summary>
    private readonly Dictionary<long, object?> _ids = [];

    /// <summary>Whether every id maps to itself (then nothing needs rewriting).</summary>
    public bool IsIdentity { get; private set; } = true;

    /// <summary>Records that a source id is the target's <paramref name="to"/>.</summary>
    public void Add(object? from, object? to)
    {
        if (from is null)
            return;
        var key = Convert.ToInt64(from);
        _ids[key] = to;
        IsIdentity &= Equals(Convert.ToInt64(to), key);
    }

    /// <summary>The target id for a source id.</summary>
    public object? Map(object? from) => from is not null && _ids.TryGetValue(Convert.ToInt64(from), out var to) ? to : from;
}
