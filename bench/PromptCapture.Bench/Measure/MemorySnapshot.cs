using System.Diagnostics;

namespace PromptCapture.Bench.Measure;

/// <summary>The process's memory at one point, taken after a forced full, compacting GC.</summary>
/// <param name="Requests">Gateway requests served so far in the memory phase.</param>
/// <param name="WorkingSetBytes">Resident memory of the whole process.</param>
/// <param name="GcHeapBytes">Live managed heap (GC.GetTotalMemory(true)).</param>
/// <param name="GcCommittedBytes">Memory the GC holds committed (live heap plus free space it keeps for reuse).</param>
/// <param name="WorkingSetAfterAggressiveBytes">Working set after an aggressive GC that hands free GC memory back to the OS.</param>
internal sealed record MemorySnapshot(long Requests, long WorkingSetBytes, long GcHeapBytes, long GcCommittedBytes, long WorkingSetAfterAggressiveBytes)
{
    /// <summary>
    /// Forces a full blocking compacting collection (twice, around finalizers) and reads the figures; then an
    /// aggressive collection, so memory the GC merely keeps for reuse can be told apart from memory still in use.
    /// </summary>
    public static MemorySnapshot Take(long requests)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var workingSet = WorkingSet();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return new MemorySnapshot(requests, workingSet, heap, committed, WorkingSet());
    }

    /// <summary>The process's resident memory now.</summary>
    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
