using System.Runtime.InteropServices;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Lowers the calling thread's scheduling priority. .NET's Thread.Priority does nothing on Linux, where priority is a
/// per-thread nice value (and scheduling policy) that any thread may lower for itself without privileges, but not
/// raise again; elsewhere Thread.Priority works.
/// </summary>
internal static class ThreadScheduling
{
    /// <summary>The nice value of a <see cref="WorkerPriority.Lowered"/> thread on Linux.</summary>
    internal const int LoweredNice = 10;

    /// <summary>The nice value a <see cref="WorkerPriority.Background"/> thread falls back to where SCHED_IDLE is refused.</summary>
    internal const int BackgroundNice = 19;

    /// <summary>Linux's SCHED_IDLE scheduling policy.</summary>
    internal const int SchedIdle = 5;

    /// <summary>setpriority's "which" for a single thread id (PRIO_PROCESS takes a thread id on Linux).</summary>
    private const int PrioProcess = 0;

    /// <summary>Lowers the calling thread; quietly keeps normal priority where the OS refuses or lacks the calls.</summary>
    public static void LowerCurrentThread(WorkerPriority priority)
    {
        try
        {
            if (!OperatingSystem.IsLinux())
                Thread.CurrentThread.Priority = priority == WorkerPriority.Background ? ThreadPriority.Lowest : ThreadPriority.BelowNormal;
            else if (priority == WorkerPriority.Lowered)
                _ = SetPriority(PrioProcess, GetThreadId(), LoweredNice);
            else
            {
                // Nice first, so the thread is as low as it may go even if a sandbox refuses the policy.
                _ = SetPriority(PrioProcess, GetThreadId(), BackgroundNice);
                var param = 0; // struct sched_param { int sched_priority; }, which SCHED_IDLE wants 0
                _ = SetScheduler(0, SchedIdle, ref param);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or PlatformNotSupportedException)
        {
            // An old C library without gettid: the thread runs at normal priority, as it did before.
        }
    }

    /// <summary>The calling thread's kernel id (glibc 2.30+, musl 1.2.2+).</summary>
    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    /// <summary>Sets a thread's nice value.</summary>
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    /// <summary>Sets the scheduling policy of a thread (0: the calling one).</summary>
    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    private static extern int SetScheduler(int pid, int policy, ref int param);
}
