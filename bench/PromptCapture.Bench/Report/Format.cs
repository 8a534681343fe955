using System.Globalization;

namespace PromptCapture.Bench.Report;

/// <summary>Number formatting for the tables, invariant so results read the same on every machine.</summary>
internal static class Format
{
    /// <summary>Milliseconds with microsecond resolution.</summary>
    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A signed millisecond difference.</summary>
    public static string DeltaMs(double ms) => (ms >= 0 ? "+" : "") + Ms(ms);

    /// <summary>A whole number with thousands separators.</summary>
    public static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A ratio as a percentage.</summary>
    public static string Pct(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Bytes as KB with one decimal; a negative difference (seen when Server GC's dynamic heap count changes mid-measure) is reported as unmeasured, not as a number.</summary>
    public static string Kb(double bytes) => bytes < 0
        ? "n/a (the runtime's allocation counter went backwards in this run)"
        : (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>Bytes as MB with one decimal.</summary>
    public static string Mb(double bytes) => (bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>Microseconds from nanoseconds, for the stage profile.</summary>
    public static string Us(double ns) => (ns / 1000).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Seconds with one decimal.</summary>
    public static string S(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>A number with a fixed count of decimals.</summary>
    public static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
