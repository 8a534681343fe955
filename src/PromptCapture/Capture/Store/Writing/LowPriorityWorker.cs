using System.Collections.Concurrent;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// A dedicated background thread at a lowered OS priority that runs the capture writer's database work one item at
/// a time: whenever requests want the cores the scheduler gives them the cores first, and the writer takes what is
/// left (on an idle machine that is all of it, so it still keeps up). The async writer loop awaits each item.
/// </summary>
internal sealed class LowPriorityWorker : IDisposable
{
    /// <summary>Work waiting for the thread, in order.</summary>
    private readonly BlockingCollection<WorkItem> _work = [];

    /// <summary>Starts the thread, named so it is easy to find in a profiler or top -H.</summary>
    public LowPriorityWorker(string name)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the worker thread; its exception, if any, surfaces in the task. Work queued
    /// with <paramref name="beforeLowering"/> true before any other (the writer's schema preparation, which holds
    /// locks that readers of the database wait on) runs at the thread's normal priority; the thread lowers itself
    /// before the first item without it, and stays lowered (an unprivileged thread cannot raise itself back).
    /// </summary>
    public Task RunAsync(Action action, bool beforeLowering = false)
    {
        var item = new WorkItem(action, beforeLowering);
        _work.Add(item);
        return item.Done.Task;
    }

    /// <summary>Lets the thread finish what it holds and end.</summary>
    public void Dispose() => _work.CompleteAdding();

    /// <summary>Runs items until disposed, lowering its own priority once, before the first item that allows it.</summary>
    private void Loop()
    {
        var lowered = false;
        foreach (var item in _work.GetConsumingEnumerable())
        {
            if (!lowered && !item.BeforeLowering)
            {
                ThreadNice.LowerCurrentThread();
                lowered = true;
            }
            item.Run();
        }
        _work.Dispose();
    }

    /// <summary>One action and the task its caller awaits (completed off this thread, so callers never run here).</summary>
    /// <param name="action">The work.</param>
    /// <param name="beforeLowering">Whether it may run before the thread lowers its priority.</param>
    private sealed class WorkItem(Action action, bool beforeLowering)
    {
        /// <summary>Whether it may run before the thread lowers its priority.</summary>
        public bool BeforeLowering => beforeLowering;

        /// <summary>Completes when the action has run.</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Runs the action and reports how it ended.</summary>
        public void Run()
        {
            try
            {
                action();
                Done.SetResult();
            }
            catch (Exception ex)
            {
                Done.SetException(ex);
            }
        }
    }
}
