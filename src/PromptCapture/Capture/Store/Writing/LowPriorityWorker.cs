using System.Collections.Concurrent;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// A dedicated background thread at a lowered OS priority that runs capture database work one job at a time:
/// whenever requests want the cores the scheduler gives them the cores first, and the worker takes what is left (on
/// an idle machine that is all of it, so it still keeps up). The async writer loop awaits each job.
/// </summary>
internal sealed class LowPriorityWorker : IDisposable
{
    /// <summary>Jobs waiting for the thread, in order.</summary>
    private readonly BlockingCollection<WorkerJob> _work = [];

    /// <summary>How far the thread lowers itself.</summary>
    private readonly WorkerPriority _priority;

    /// <summary>Starts the thread, named so it is easy to find in a profiler or top -H.</summary>
    public LowPriorityWorker(string name, WorkerPriority priority = WorkerPriority.Lowered)
    {
        _priority = priority;
        CompletionRelay.EnsureStarted();
        var thread = new Thread(Loop) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the worker thread; its exception, if any, surfaces in the task. Work queued
    /// with <paramref name="beforeLowering"/> true before any other (the writer's schema preparation, which holds
    /// locks that readers of the database wait on) runs at the thread's normal priority; the thread lowers itself
    /// before the first job without it, and stays lowered (an unprivileged thread cannot raise itself back).
    /// </summary>
    public Task RunAsync(Action action, bool beforeLowering = false)
    {
        var job = new WorkerJob(WorkerJob.Once(action), beforeLowering, moveTo: null);
        Post(job);
        return job.Done.Task;
    }

    /// <summary>Queues a job (new, or one another worker hands over part way through).</summary>
    internal void Post(WorkerJob job) => _work.Add(job);

    /// <summary>Lets the thread finish what it holds and end.</summary>
    public void Dispose() => _work.CompleteAdding();

    /// <summary>Runs jobs until disposed, lowering its own priority once, before the first job that allows it.</summary>
    private void Loop()
    {
        var lowered = false;
        foreach (var job in _work.GetConsumingEnumerable())
        {
            if (!lowered && !job.BeforeLowering)
            {
                ThreadScheduling.LowerCurrentThread(_priority);
                lowered = true;
            }
            job.Run(this);
        }
        _work.Dispose();
    }
}
