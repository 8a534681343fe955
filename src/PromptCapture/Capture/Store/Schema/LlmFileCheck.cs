using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Schema;

/// <summary>
/// Decides, reading only, whether the file at the capture path may be written: a missing or empty file becomes an llm
/// database, an llm database (it has llm's _llm_migrations table) is extended, and anything else is someone else's
/// data, which must stay byte for byte as it was (not even its journal mode changes).
/// </summary>
public static class LlmFileCheck
{
    /// <summary>How many of a foreign file's tables the refusal names.</summary>
    private const int NamedTables = 5;

    /// <summary>Throws <see cref="ForeignDatabaseException"/> when the file holds tables that are neither llm's nor ours.</summary>
    public static void ThrowIfForeign(string path)
    {
        if (ForeignTables(path) is { Count: > 0 } tables)
        {
            var named = string.Join(", ", tables.Take(NamedTables)) + (tables.Count > NamedTables ? ", ..." : "");
            throw new ForeignDatabaseException(
                $"{path} is not an llm database (it has its own tables: {named}; and no _llm_migrations), so the gateway leaves it untouched. "
                + "Point --db (PROMPT_CAPTURE_DB) at llm's logs.db or a new file.");
        }
    }

    /// <summary>The tables that make the file foreign, in name order; empty when the gateway may use it.</summary>
    public static IReadOnlyList<string> ForeignTables(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
            return [];
        // Read-only and unpooled: opening this way writes nothing, creates no journal and leaves no handle behind.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        var tables = connection.Query(null, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
            .Select(row => (string)row[0]!)
            .ToList();
        if (tables.Contains("_llm_migrations", StringComparer.Ordinal))
            return [];
        return tables.Where(t => !t.StartsWith(CaptureTables.Prefix, StringComparison.Ordinal)).ToList();
    }
}

/// <summary>The capture path holds another application's SQLite data; not transient, so capture stops and says so once.</summary>
public sealed class ForeignDatabaseException(string message) : Exception(message);
