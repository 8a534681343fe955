using System.Runtime.InteropServices;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Lowers the calling thread's scheduling priority. .NET's Thread.Priority does nothing on Linux, where priority is a
/// per-thread nice value that any thread may raise for itself without privileges; elsewhere Thread.Priority works.
/// </summary>
internal static class ThreadNice
{
    /// <summary>
    /// The nice value taken on Linux: a runnable request thread (nice 0) weighs about ten times as much, and wakes
    /// ahead of it, while the writer still gets a share that keeps it moving on a busy machine.
    /// </summary>
    internal const int WriterNice = 10;

    /// <summary>setpriority's "which" for a single thread id (PRIO_PROCESS takes a thread id on Linux).</summary>
    private const int PrioProcess = 0;

    /// <summary>Lowers the calling thread; quietly keeps normal priority where the OS refuses or lacks the calls.</summary>
    public static void LowerCurrentThread()
    {
        try
        {
            if (OperatingSystem.IsLinux())
                _ = SetPriority(PrioProcess, GetThreadId(), WriterNice);
            else
                Thread.CurrentThread.Priority = ThreadPriority.Lowest;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or PlatformNotSupportedException)
        {
            // An old C library without gettid: the writer runs at normal priority, as it did before.
        }
    }

    /// <summary>The calling thread's kernel id (glibc 2.30+, musl 1.2.2+).</summary>
    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    /// <summary>Sets a thread's nice value.</summary>
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
