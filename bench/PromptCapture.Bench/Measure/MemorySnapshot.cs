using System.Diagnostics;

namespace PromptCapture.Bench.Measure;

/// <summary>The process's memory at one point, taken after a forced full, compacting GC.</summary>
/// <param name="Requests">Gateway requests served so far in the memory phase.</param>
/// <param name="WorkingSetBytes">Resident memory of the whole process.</param>
/// <param name="GcHeapBytes">Live managed heap (GC.GetTotalMemory(true)).</param>
internal sealed record MemorySnapshot(long Requests, long WorkingSetBytes, long GcHeapBytes)
{
    /// <summary>Forces a full blocking compacting collection (twice, around finalizers) and reads both figures.</summary>
    public static MemorySnapshot Take(long requests)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemorySnapshot(requests, process.WorkingSet64, heap);
    }
}
