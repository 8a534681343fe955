namespace PromptCapture.Capture.Store.Writing;

/// <summary>How far a capture worker thread lowers itself below the request threads.</summary>
internal enum WorkerPriority
{
    /// <summary>Nice 10 on Linux: requests weigh about ten times as much, yet the thread keeps a share on a busy machine.</summary>
    Lowered,

    /// <summary>
    /// SCHED_IDLE on Linux: runs only on CPU time nothing else wants, and a waking request thread takes its core at once.
    /// A busy machine can all but stop it, so it is only for work another thread can take over.
    /// </summary>
    Background,
}
