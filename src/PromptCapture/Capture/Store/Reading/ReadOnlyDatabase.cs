using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>Opens a logs.db for reading only: the reading commands never migrate, lock for writing or create the file.</summary>
internal static class ReadOnlyDatabase
{
    /// <summary>
    /// An open read-only connection, unpooled so the file is free once it is disposed. A WAL reader never blocks the
    /// writer; the short busy timeout only covers the rare moments SQLite makes a reader wait (WAL recovery), so a
    /// reader gives up quickly rather than holding a request.
    /// </summary>
    public static SqliteConnection Open(string path, int busyTimeoutSeconds = 2)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// The database opened read-only, or null when the file does not exist or lacks the <paramref name="requires"/>
    /// table (a fresh path, or a file llm has not migrated yet): readers then show nothing rather than fail.
    /// </summary>
    public static SqliteConnection? OpenIfReady(string path, string requires)
    {
        if (!File.Exists(path))
            return null;
        var connection = Open(path);
        if (connection.TableExists(null, requires))
            return connection;
        connection.Dispose();
        return null;
    }

    /// <summary>Whether a table has a column: our tables gain columns over time, and an older file may lack them.</summary>
    public static bool ColumnExists(this SqliteConnection connection, string table, string column) =>
        connection.Query(null, "SELECT 1 FROM pragma_table_info($table) WHERE name = $column", ("$table", table), ("$column", column)).Count > 0;
}
