using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Tiny command helpers so the writers read as SQL rather than ADO.NET ceremony; every call names its transaction
/// because Microsoft.Data.Sqlite refuses commands outside the pending one. Statements are cached per connection and
/// SQL text, so each is prepared once rather than on every write (about half the writer's time before); a single
/// statement with plain values runs on SQLite's handle directly (<see cref="NativeStatement"/>), anything else
/// through a cached command.
/// </summary>
internal static class SqliteCommands
{
    /// <summary>Prepared commands of each open connection, by SQL text; they go with the connection.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Cache = new();

    /// <summary>Native statements of each open connection, by SQL text (null: the SQL holds several statements).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SqliteConnection, Dictionary<string, NativeStatement?>> Native = new();

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public static int Execute(this SqliteConnection connection, SqliteTransaction? tx, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        NativeFor(connection, sql, parameters) is { } statement
            ? statement.Execute(parameters)
            : Prepared(connection, tx, sql, parameters).ExecuteNonQuery();

    /// <summary>Runs a query and returns its first column of the first row, or null.</summary>
    public static object? Scalar(this SqliteConnection connection, SqliteTransaction? tx, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (NativeFor(connection, sql, parameters) is { } statement)
            return statement.Scalar(parameters);
        var value = Prepared(connection, tx, sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Forgets a connection's prepared statements and commands (also done when the connection closes).</summary>
    public static void ForgetPrepared(SqliteConnection connection)
    {
        if (Native.TryGetValue(connection, out var statements))
        {
            foreach (var statement in statements.Values)
                statement?.Dispose();
            Native.Remove(connection);
        }
        if (!Cache.TryGetValue(connection, out var commands))
            return;
        foreach (var command in commands.Values)
            command.Dispose();
        Cache.Remove(connection);
    }

    /// <summary>
    /// The connection's native statement for this SQL, prepared on first use; null when the SQL holds several
    /// statements or a value is of a type only the command layer binds.
    /// </summary>
    private static NativeStatement? NativeFor(SqliteConnection connection, string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!NativeStatement.CanBind(parameters))
            return null;
        if (!Native.TryGetValue(connection, out var statements))
        {
            statements = new Dictionary<string, NativeStatement?>(StringComparer.Ordinal);
            Native.Add(connection, statements);
            // Statements hold the database open: they go when the connection closes, however it is closed.
            connection.StateChange += (sender, change) =>
            {
                if (change.CurrentState == System.Data.ConnectionState.Closed && sender is SqliteConnection closed)
                    ForgetPrepared(closed);
            };
        }
        if (!statements.TryGetValue(sql, out var statement))
        {
            statement = NativeStatement.TryPrepare(connection, sql);
            statements[sql] = statement;
        }
        return statement;
    }

    /// <summary>The cached command for this SQL on this connection, with this call's transaction and values bound.</summary>
    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction? tx, string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var commands = Cache.GetValue(connection, static _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = Create(connection, tx, sql, parameters);
            commands[sql] = command;
            return command;
        }
        command.Transaction = tx;
        if (command.Parameters.Count != parameters.Length)
        {
            command.Parameters.Clear();
            foreach (var (name, value) in parameters)
                command.Parameters.AddWithValue(name, SqlValues.ForCommand(value));
            return command;
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.Parameters[i];
            if (parameter.ParameterName != parameters[i].Name)
            {
                parameter.ParameterName = parameters[i].Name;
            }
            // A fresh value may be of another type (text after null): reset the inferred type with the value.
            parameter.ResetSqliteType();
            parameter.Value = SqlValues.ForCommand(parameters[i].Value);
        }
        return command;
    }

    /// <summary>Runs a query and materializes every row as an array of values (DBNull mapped to null).</summary>
    public static List<object?[]> Query(this SqliteConnection connection, SqliteTransaction? tx, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
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
        ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, SqlValues.ForCommand(value));
        return command;
    }
}
