namespace PromptCapture.Providers;

/// <summary>
/// The registry in force, swapped whole when providers.json (or the keys) change: each request reads
/// <see cref="Current"/> once and keeps that registry to its end, so running requests finish on the configuration
/// they started with. A replaced registry's connection pools are closed only after its longest request could last.
/// </summary>
public sealed class ModelCatalog(ModelRegistry initial) : IDisposable
{
    private ModelRegistry _current = initial;
    private readonly List<ModelRegistry> _retired = [];
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>The registry new requests use.</summary>
    public ModelRegistry Current => Volatile.Read(ref _current);

    /// <summary>Why the last reload failed (file, provider, field), or null once a reload succeeds; the last good registry stays.</summary>
    public string? LastError { get; private set; }

    /// <summary>How many registries have been loaded since start (1 before any reload).</summary>
    public int Generation { get; private set; } = 1;

    /// <summary>Makes <paramref name="next"/> current; the previous one is disposed after <paramref name="grace"/>.</summary>
    public void Replace(ModelRegistry next, TimeSpan grace)
    {
        var old = Interlocked.Exchange(ref _current, next);
        LastError = null;
        Generation++;
        lock (_retired)
            _retired.Add(old);
        _ = Task.Delay(grace, _disposed.Token).ContinueWith(_ => Retire(old), TaskScheduler.Default);
    }

    /// <summary>Records a failed reload; requests keep the current registry.</summary>
    public void Failed(string error) => LastError = error;

    /// <summary>Closes every registry, current and retired.</summary>
    public void Dispose()
    {
        _disposed.Cancel();
        lock (_retired)
        {
            foreach (var registry in _retired)
                registry.Dispose();
            _retired.Clear();
        }
        Current.Dispose();
        _disposed.Dispose();
    }

    /// <summary>Disposes a replaced registry once no request can still be using it.</summary>
    private void Retire(ModelRegistry old)
    {
        lock (_retired)
        {
            if (!_retired.Remove(old))
                return;
        }
        old.Dispose();
    }
}
