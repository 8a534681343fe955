namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Work for a <see cref="LowPriorityWorker"/>, taken in steps: between two steps the worker running it may hand the
/// rest to another worker (a starved background thread to one that still gets CPU time). Completed through the
/// <see cref="CompletionRelay"/>, so the awaiting caller never runs on a lowered thread, nor does any thread it starts.
/// </summary>
/// <param name="step">Runs one step; true while more remain.</param>
/// <param name="beforeLowering">Whether it may run before the thread lowers its priority.</param>
/// <param name="moveTo">Asked before each step: the worker the rest should go to, or null to stay.</param>
internal sealed class WorkerJob(Func<bool> step, bool beforeLowering, Func<LowPriorityWorker, LowPriorityWorker?>? moveTo)
{
    /// <summary>A single action as a job's step function (one step, none after it).</summary>
    public static Func<bool> Once(Action action) => () =>
    {
        action();
        return false;
    };

    /// <summary>Whether it may run before the thread lowers its priority.</summary>
    public bool BeforeLowering => beforeLowering;

    /// <summary>Completes when the last step has run, or with the exception a step threw.</summary>
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs steps on <paramref name="here"/> until the job is done, fails, or moves to another worker.</summary>
    public void Run(LowPriorityWorker here)
    {
        try
        {
            do
            {
                if (moveTo?.Invoke(here) is { } there && there != here)
                {
                    there.Post(this);
                    return;
                }
            }
            while (step());
            CompletionRelay.Post(() => Done.SetResult());
        }
        catch (Exception ex)
        {
            CompletionRelay.Post(() => Done.SetException(ex));
        }
    }
}
