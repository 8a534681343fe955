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
        // Formatted into a stack buffer: the writer stamps every turn and thread, and this made four strings each time.
        Span<char> text = stackalloc char[32];
        var written = 0;
        utc.TryFormat(text, out var length, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        written += length;
        text[written++] = separator;
        utc.TryFormat(text[written..], out length, "HH:mm:ss", CultureInfo.InvariantCulture);
        written += length;
        if (micros != 0)
        {
            text[written++] = '.';
            micros.TryFormat(text[written..], out length, "D6", CultureInfo.InvariantCulture);
            written += length;
        }
        "+00:00".CopyTo(text[written..]);
        return new string(text[..(written + 6)]);
    }
}
