using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Tells "the database is locked or unwritable right now" (keep the batch, retry later) from "this record cannot
/// be written" (a bug; isolate and drop it), so a lock never loses data and a bad record never jams the queue.
/// </summary>
internal static class TransientErrors
{
    /// <summary>Whether retrying later can succeed.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) switch
        {
            // PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB: the file or its lock,
            // which the user can fix while we hold the captures.
            3 or 5 or 6 or 8 or 10 or 11 or 13 or 14 or 15 or 26 => true,
            _ => false,
        },
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };
}
