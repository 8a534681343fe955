using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Schema;

/// <summary>What <see cref="LlmSchema.Ensure"/> found and did, for logging and tests.</summary>
public enum SchemaState
{
    /// <summary>All 30 migration names were present: llm's objects were left untouched.</summary>
    AlreadyCurrent,
    /// <summary>The file had no llm objects; everything was created.</summary>
    Created,
    /// <summary>An older llm file (some names missing) was extended in place.</summary>
    Upgraded,
}

/// <summary>
/// Brings a SQLite file to llm 0.32's schema without ever recreating it: llm opens our file as if it had written
/// it, and an existing llm file keeps every row it had.
/// </summary>
public static class LlmSchema
{
    /// <summary>
    /// Creates whatever llm 0.32 would have, plus our own tables, in one transaction; safe to call on every open.
    /// </summary>
    public static SchemaState Ensure(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        var present = ReadMigrationNames(connection, tx);
        var missing = LlmMigrations.Names.Where(n => !present.Contains(n)).ToList();
        var state = SchemaState.AlreadyCurrent;
        if (missing.Count > 0)
        {
            state = HasAnyLlmTable(connection, tx) ? SchemaState.Upgraded : SchemaState.Created;
            connection.Execute(tx, LlmMigrations.MigrationsTableSql);
            foreach (var obj in LlmSchemaObjects.All)
                connection.Execute(tx, obj.Sql);
            AddMissingColumns(connection, tx, LlmMigrations.AddedColumns);
            foreach (var name in missing)
            {
                connection.Execute(tx, """INSERT INTO "_llm_migrations" ("name", "applied_at") VALUES ($name, $at)""",
                    ("$name", name), ("$at", PythonTime.Str(DateTimeOffset.UtcNow)));
            }
        }
        var movePayloads = !connection.TableExists(tx, CaptureTables.Responses)
            && connection.TableExists(tx, CaptureTables.Prefix + "requests");
        foreach (var statement in CaptureTables.Statements)
            connection.Execute(tx, statement);
        AddMissingColumns(connection, tx, CaptureTables.AddedColumns);
        if (movePayloads)
        {
            foreach (var statement in CaptureTables.MoveResponsePayloads)
                connection.Execute(tx, statement);
        }
        tx.Commit();
        return state;
    }

    /// <summary>The names llm recorded as applied; empty when the table does not exist yet.</summary>
    private static HashSet<string> ReadMigrationNames(SqliteConnection connection, SqliteTransaction tx)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!connection.TableExists(tx, "_llm_migrations"))
            return names;
        foreach (var row in connection.Query(tx, """SELECT "name" FROM "_llm_migrations" """))
        {
            if (row[0] is string name)
                names.Add(name);
        }
        return names;
    }

    /// <summary>Tells a brand-new file from an older llm file, only to report which one we saw.</summary>
    private static bool HasAnyLlmTable(SqliteConnection connection, SqliteTransaction tx) =>
        LlmSchemaObjects.All.Any(o => o.Type == "table" && connection.TableExists(tx, o.Name));

    /// <summary>Adds the ALTER TABLE columns an older file lacks (m022's responses.reasoning, our later columns).</summary>
    private static void AddMissingColumns(SqliteConnection connection, SqliteTransaction tx, IReadOnlyList<(string Table, string Column, string Type)> added)
    {
        foreach (var (table, column, type) in added)
        {
            var columns = connection.Query(tx, $"""PRAGMA table_info("{table}")""").Select(r => (string)r[1]!).ToList();
            if (!columns.Contains(column, StringComparer.OrdinalIgnoreCase))
                connection.Execute(tx, $"""ALTER TABLE "{table}" ADD COLUMN "{column}" {type}""");
        }
    }
}
