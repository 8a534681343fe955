using System.Text;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Tests.Capture;

namespace PromptCapture.Tests.Merging;

/// <summary>Helpers the merge tests share: databases written by the real writer, and a full dump to compare files by.</summary>
internal static class MergeFiles
{
    /// <summary>Writes the records into the database at <paramref name="path"/>, each in its own batch, as a gateway would.</summary>
    public static void Write(string path, params PromptCapture.Capture.CaptureRecord[] records)
    {
        using var connection = Open(path);
        LlmSchema.Ensure(connection);
        var writer = new LlmLogWriter(connection);
        foreach (var record in records)
            writer.WriteBatch([record]);
        SqliteCommands.ForgetPrepared(connection);
    }

    /// <summary>An unpooled read-write connection.</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Every row of every table (FTS shadow tables included) in rowid order: equal dumps mean equal contents.</summary>
    public static string Dump(string path)
    {
        using var connection = Open(path);
        var text = new StringBuilder();
        var tables = connection.Query(null, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").Select(r => (string)r[0]!).ToList();
        foreach (var table in tables)
        {
            var withoutRowid = table.EndsWith("_fts", StringComparison.Ordinal) || table.EndsWith("_config", StringComparison.Ordinal)
                || table.EndsWith("_idx", StringComparison.Ordinal) || table == "_llm_migrations";
            text.Append("# ").Append(table).Append('\n');
            var order = withoutRowid ? "" : " ORDER BY rowid";
            var columns = table == "_llm_migrations" ? "name" : "*";
            foreach (var row in connection.Query(null, $"SELECT {columns} FROM \"{table}\"{order}"))
                text.Append(string.Join(" | ", row.Select(v => v is byte[] b ? Convert.ToHexString(b) : v?.ToString() ?? "NULL"))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>SQLite's own checks of the file and both FTS indexes; empty when all is well.</summary>
    public static List<string> IntegrityProblems(string path)
    {
        using var connection = Open(path);
        var problems = connection.Query(null, "PRAGMA integrity_check").Select(r => r[0]!.ToString()!).Where(s => s != "ok").ToList();
        foreach (var fts in new[] { "turn_search_fts", "responses_fts" })
        {
            try
            {
                connection.Execute(null, $"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)");
            }
            catch (SqliteException ex)
            {
                problems.Add(fts + ": " + ex.Message);
            }
        }
        problems.AddRange(connection.Query(null, "PRAGMA foreign_key_check").Select(r => "foreign key: " + string.Join(",", r)));
        SqliteCommands.ForgetPrepared(connection);
        return problems;
    }
}
