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

    /// <summary>setpriority's "which" for a process id; on Linux, with id 0, the calling thread alone.</summary>
    private const int PrioProcess = 0;

    /// <summary>Lowers the calling thread; quietly keeps normal priority where the OS refuses or lacks the calls.</summary>
    public static void LowerCurrentThread(WorkerPriority priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            try
            {
                Thread.CurrentThread.Priority = priority == WorkerPriority.Background ? ThreadPriority.Lowest : ThreadPriority.BelowNormal;
            }
            catch (PlatformNotSupportedException)
            {
                // Normal priority, as before.
            }
            return;
        }
        // Nice first, so a background thread is as low as it may go even where the policy is refused.
        Try(() => SetPriority(PrioProcess, 0, priority == WorkerPriority.Background ? BackgroundNice : LoweredNice));
        if (priority == WorkerPriority.Background && !Try(() => SetScheduler(0, SchedIdle, ref NoPriority)))
        {
            // musl's sched_setscheduler always refuses (ENOSYS); its pthread call does the same for this thread.
            Try(() => SetThreadScheduling(CurrentPthread(), SchedIdle, ref NoPriority));
        }
    }

    /// <summary>struct sched_param { int sched_priority; }, which SCHED_IDLE wants 0.</summary>
    private static int NoPriority;

    /// <summary>Runs one libc call; true when it returned 0, false when it failed or the C library lacks it.</summary>
    private static bool Try(Func<int> call)
    {
        try
        {
            return call() == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Sets a nice value (here: the calling thread's).</summary>
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    /// <summary>Sets the scheduling policy of a thread (0: the calling one).</summary>
    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    private static extern int SetScheduler(int pid, int policy, ref int param);

    /// <summary>The calling thread's pthread handle.</summary>
    [DllImport("libc", EntryPoint = "pthread_self")]
    private static extern nint CurrentPthread();

    /// <summary>Sets a thread's scheduling policy through pthreads (musl's way; glibc 2.34+ has it in libc too).</summary>
    [DllImport("libc", EntryPoint = "pthread_setschedparam")]
    private static extern int SetThreadScheduling(nint thread, int policy, ref int param);
}
