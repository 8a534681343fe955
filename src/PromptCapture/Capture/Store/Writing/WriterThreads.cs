using System.Diagnostics;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// The capture writer's threads. The bulk of the work runs on a SCHED_IDLE background thread, so a request thread
/// that wakes takes its core at once instead of waiting out the writer's time slice (at nice 10 the capturing gateway
/// served about a quarter fewer requests under load with a quarter of the machine idle). A background thread can be
/// starved by other busy processes and cannot raise itself back, so a nice-10 catch-up thread takes the rest of a job
/// between two of its steps whenever someone waits for the writer (a flush, a lookup of a recent response, stopping)
/// or the job has run too long on the background thread.
/// </summary>
/// <param name="urgent">Whether someone waits for the writer now (read before each step, so it must be cheap).</param>
/// <param name="starvedAfter">How long a job may take on the background thread; <see cref="StarvedAfter"/> unless a test says otherwise.</param>
internal sealed class WriterThreads(Func<bool> urgent, TimeSpan? starvedAfter = null) : IDisposable
{
    /// <summary>
    /// How long a job may take on the background thread before the catch-up thread finishes it: a full batch needs
    /// about a tenth of this of CPU time, so only a thread that other work keeps off the cores runs this long.
    /// </summary>
    internal static readonly TimeSpan StarvedAfter = TimeSpan.FromSeconds(1);

    /// <summary>This instance's limit.</summary>
    private readonly TimeSpan _starvedAfter = starvedAfter ?? StarvedAfter;

    /// <summary>Where jobs start.</summary>
    private readonly LowPriorityWorker _background = new("Capture writer", WorkerPriority.Background);

    /// <summary>
    /// Where jobs finish when the background thread cannot be waited for. Started with the others, from the caller's
    /// thread: started later from the background thread it would inherit that thread's idle policy.
    /// </summary>
    private readonly LowPriorityWorker _catchUp = new("Capture catch-up", WorkerPriority.Lowered);

    /// <summary>Set once a job has gone to the catch-up thread.</summary>
    private bool _caughtUp;

    /// <summary>
    /// Runs a job of steps (<paramref name="step"/> returns true while more remain; one at a time, possibly on either
    /// thread); its exception surfaces in the task. <paramref name="beforeLowering"/> as for <see cref="LowPriorityWorker.RunAsync"/>.
    /// </summary>
    public Task RunStepsAsync(Func<bool> step, bool beforeLowering = false)
    {
        var started = Stopwatch.GetTimestamp();
        var job = new WorkerJob(step, beforeLowering,
            here => here == _background && (urgent() || Stopwatch.GetElapsedTime(started) >= _starvedAfter) ? CatchUp() : null);
        (urgent() ? CatchUp() : _background).Post(job);
        return job.Done.Task;
    }

    /// <summary>Whether the catch-up thread has been needed so far (for tests and diagnostics).</summary>
    internal bool CaughtUp => Volatile.Read(ref _caughtUp);

    /// <summary>The catch-up thread, noting that it was needed.</summary>
    private LowPriorityWorker CatchUp()
    {
        Volatile.Write(ref _caughtUp, true);
        return _catchUp;
    }

    /// <summary>Lets both threads finish what they hold and end.</summary>
    public void Dispose()
    {
        _background.Dispose();
        _catchUp.Dispose();
    }
}
