using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>Opens a logs.db for reading only: the reading commands never migrate, lock for writing or create the file.</summary>
internal static class ReadOnlyDatabase
{
    /// <summary>An open read-only connection, unpooled so the file is free once it is disposed.</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
