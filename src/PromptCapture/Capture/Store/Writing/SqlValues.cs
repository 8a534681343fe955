namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Boxed small integers shared by every statement: part positions, flags, status codes, token counts and durations
/// go to SQLite as objects, and these few hundred values cover nearly all of them without a box per parameter.
/// </summary>
internal static class SqlValues
{
    /// <summary>The shared boxes, for 0 up to (not including) this.</summary>
    private const int Cached = 1024;

    /// <summary>Boxes of 0 .. <see cref="Cached"/> - 1.</summary>
    private static readonly object[] Boxes = Enumerable.Range(0, Cached).Select(i => (object)(long)i).ToArray();

    /// <summary>The value as a boxed long, shared when it is small.</summary>
    public static object Of(long value) => value is >= 0 and < Cached ? Boxes[value] : value;

    /// <summary>A nullable value: null stays null.</summary>
    public static object? Of(long? value) => value is { } v ? Of(v) : null;

    /// <summary>A value as Microsoft.Data.Sqlite's commands take it: null as DBNull, text in a buffer as a string.</summary>
    public static object ForCommand(object? value) => value switch
    {
        null => DBNull.Value,
        ReadOnlyMemory<char> text => text.ToString(),
        _ => value,
    };
}
