namespace PromptCapture.Capture.Store.Merging;

/// <summary>One source while it is merged: its connection, row copier and the ids it maps to the target's.</summary>
internal sealed class SourceState(MergeDatabase db, MergeDatabase target)
{
    /// <summary>The source, read-only.</summary>
    public MergeDatabase Db { get; } = db;

    /// <summary>The target.</summary>
    public MergeDatabase Target { get; } = target;

    /// <summary>Copies rows from this source to the target.</summary>
    public RowCopy Copy { get; } = new(db, target);

    /// <summary>fragments.id in the source to fragments.id in the target.</summary>
    public IdMap Fragments { get; } = new();

    /// <summary>tools.id mapping.</summary>
    public IdMap Tools { get; } = new();

    /// <summary>tool_instances.id mapping.</summary>
    public IdMap Instances { get; } = new();

    /// <summary>Source thread id to the target thread its turns went to.</summary>
    public Dictionary<string, string?> Threads { get; } = new(StringComparer.Ordinal);
}
