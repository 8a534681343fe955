using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>What <c>logs status</c> reports about a database, the figures <c>llm logs status</c> prints.</summary>
/// <param name="DatabasePath">The file looked at.</param>
/// <param name="Exists">Whether it exists; the other figures are zero when it does not.</param>
/// <param name="LoggingOn">False when a logs-off file sits beside it (llm's own switch for the default database).</param>
/// <param name="Threads">Rows of threads (llm 0.32's conversations).</param>
/// <param name="Turns">Rows of turns (one per prompt and response).</param>
/// <param name="LegacyConversations">Rows of llm 0.31's conversations table, 0 when absent.</param>
/// <param name="LegacyResponses">Rows of llm 0.31's responses table, 0 when absent.</param>
/// <param name="SizeBytes">The main file's size (not its -wal), as llm measures it.</param>
public sealed record LogStatus(string DatabasePath, bool Exists, bool LoggingOn, long Threads, long Turns, long LegacyConversations, long LegacyResponses, long SizeBytes)
{
    /// <summary>Reads the figures without migrating or writing; a table that is not there counts as empty.</summary>
    public static LogStatus Read(string databasePath)
    {
        var loggingOn = !LlmDatabaseLocation.IsLoggingOff(databasePath);
        if (!File.Exists(databasePath))
            return new LogStatus(databasePath, false, loggingOn, 0, 0, 0, 0, 0);
        using var connection = ReadOnlyDatabase.Open(databasePath);
        long Count(string table) => connection.TableExists(null, table) ? (long)connection.Scalar(null, $"SELECT count(*) FROM \"{table}\"")! : 0;
        return new LogStatus(databasePath, true, loggingOn, Count("threads"), Count("turns"), Count("conversations"), Count("responses"),
            new FileInfo(databasePath).Length);
    }
}
