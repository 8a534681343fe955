using System.Collections.Concurrent;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Completes the lowered worker threads' jobs from a thread at normal priority. A Linux thread inherits its creator's
/// nice value and scheduling policy, and the thread pool starts a new worker on whichever thread queues work when it
/// decides it needs one: a continuation queued straight from a lowered thread could start a thread pool thread, one
/// that serves requests from then on, at nice 10 or SCHED_IDLE for good.
/// </summary>
internal static class CompletionRelay
{
    /// <summary>Completions waiting for the relay thread, in order.</summary>
    private static readonly BlockingCollection<Action> Pending = [];

    /// <summary>Starts the relay thread on the thread that first touches the type (see <see cref="EnsureStarted"/>).</summary>
    static CompletionRelay()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "Capture relay" };
        thread.Start();
    }

    /// <summary>
    /// Makes sure the relay thread exists; called by each worker's constructor, which runs at normal priority, so the
    /// relay never descends from a lowered thread either.
    /// </summary>
    public static void EnsureStarted()
    {
        // Touching the type runs the static constructor on this thread; nothing else to do.
    }

    /// <summary>Runs <paramref name="completion"/> on the relay thread (it must be short: it completes a task).</summary>
    public static void Post(Action completion) => Pending.Add(completion);

    /// <summary>Runs completions for the life of the process.</summary>
    private static void Loop()
    {
        foreach (var completion in Pending.GetConsumingEnumerable())
            completion();
    }
}
