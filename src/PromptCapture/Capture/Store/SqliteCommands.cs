using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store;

/// <summary>
/// Tiny command helpers so the writers read as SQL rather than ADO.NET ceremony; every call names its transaction
/// because Microsoft.Data.Sqlite refuses commands outside the pending one.
/// </summary>
internal static class SqliteCommands
{
    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public static int Execute(this SqliteConnection connection, SqliteTransaction? tx, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and returns its first column of the first row, or null.</summary>
    public static object? Scalar(this SqliteConnection connection, SqliteTransaction? tx, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, tx, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a query and materializes every row as an array of values (DBNull mapped to null).</summary>
    public static List<object?[]> Query(this SqliteConnection connection, SqliteTransaction? tx, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, tx, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Whether a table (or virtual table) of that name exists.</summary>
    public static bool TableExists(this SqliteConnection connection, SqliteTransaction? tx, string name) =>
        connection.Scalar(tx, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name", ("$name", name)) is not null;

    /// <summary>Builds a command with named parameters, mapping null to DBNull as ADO.NET requires.</summary>
    private static SqliteCommand Create(SqliteConnection connection, SqliteTransaction? tx, string sql,
        (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
