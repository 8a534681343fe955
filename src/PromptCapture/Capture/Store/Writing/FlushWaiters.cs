namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Callers waiting until the writer has processed a given number of records; lets FlushAsync await a signal
/// instead of polling.
/// </summary>
internal sealed class FlushWaiters
{
    /// <summary>Pending waiters with the processed count each one needs.</summary>
    private readonly List<(long Target, TaskCompletionSource Signal)> _waiters = [];

    /// <summary>How many wait now, kept beside the list so <see cref="Any"/> needs no lock.</summary>
    private int _count;

    /// <summary>Whether anyone waits now (read by the writer before each step it takes).</summary>
    public bool Any => Volatile.Read(ref _count) > 0;

    /// <summary>A task that completes once <paramref name="current"/> reaches <paramref name="target"/>.</summary>
    public Task WaitFor(long target, Func<long> current)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((target, signal));
            Volatile.Write(ref _count, _waiters.Count);
        }
        Release(current());
        return signal.Task;
    }

    /// <summary>Completes every waiter whose target is reached.</summary>
    public void Release(long processed)
    {
        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target > processed) continue;
                _waiters[i].Signal.TrySetResult();
                _waiters.RemoveAt(i);
            }
            Volatile.Write(ref _count, _waiters.Count);
        }
    }
}
