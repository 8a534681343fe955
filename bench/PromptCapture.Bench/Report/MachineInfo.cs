using System.Runtime;
using System.Runtime.InteropServices;

namespace PromptCapture.Bench.Report;

/// <summary>What the figures were measured on, so they can be compared with another machine's.</summary>
/// <param name="Processors">Logical processors (nproc).</param>
/// <param name="CpuModel">The CPU model name from /proc/cpuinfo.</param>
/// <param name="MemoryGiB">Installed memory from /proc/meminfo.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Os">The operating system.</param>
/// <param name="Gc">Garbage collector mode.</param>
/// <param name="DateUtc">When the run started.</param>
internal sealed record MachineInfo(int Processors, string CpuModel, double MemoryGiB, string Runtime, string Os, string Gc, DateTimeOffset DateUtc)
{
    /// <summary>Reads the current machine.</summary>
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        MemTotalKiB() / 1024.0 / 1024.0,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        $"{(GCSettings.IsServerGC ? "Server" : "Workstation")} GC, {(GCSettings.LatencyMode == GCLatencyMode.Batch ? "non-concurrent" : "concurrent (background)")}, " +
        $"DATAS {(AppContext.GetData("System.GC.DynamicAdaptationMode") is { } mode ? $"mode {mode}" : "default (on for Server GC)")}",
        DateTimeOffset.UtcNow);

    /// <summary>The value of the first "name : value" line of a /proc file, or null.</summary>
    private static string? ProcField(string path, string name)
    {
        if (!File.Exists(path))
            return null;
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == name)
                return line[(colon + 1)..].Trim();
        }
        return null;
    }

    /// <summary>MemTotal in KiB, or 0 when unknown.</summary>
    private static long MemTotalKiB()
    {
        var value = ProcField("/proc/meminfo", "MemTotal");
        return value is not null && long.TryParse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var kib) ? kib : 0;
    }
}
