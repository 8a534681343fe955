using System.Globalization;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// Python's two renderings of an aware UTC datetime, which llm uses in different columns: str() with a space
/// (threads, _llm_migrations) and isoformat() with a T (turns); both omit microseconds when they are zero.
/// </summary>
public static class PythonTime
{
    /// <summary><c>str(datetime.now(timezone.utc))</c>, e.g. 2026-11-25 15:24:17.194181+00:00.</summary>
    public static string Str(DateTimeOffset value) => Format(value, ' ');

    /// <summary><c>datetime.isoformat()</c>, e.g. 2026-11-25T15:24:17.385890+00:00.</summary>
    public static string IsoFormat(DateTimeOffset value) => Format(value, 'T');

    /// <summary>Shared formatter; Python keeps microseconds, so the 100 ns tick is truncated.</summary>
    private static string Format(DateTimeOffset value, char separator)
    {
        var utc = value.UtcDateTime;
        var micros = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10);
        var seconds = utc.ToString($"yyyy-MM-dd'{separator}'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = micros == 0 ? "" : "." + micros.ToString("D6", CultureInfo.InvariantCulture);
        return seconds + fraction + "+00:00";
    }
}
