using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Merging;

/// <summary>
/// One side of a merge: a connection plus what its tables look like, since sources come from any llm version and
/// any gateway release (older files lack later columns, llm 0.31 files lack the message store).
/// </summary>
internal sealed class MergeDatabase(SqliteConnection connection) : IDisposable
{
    /// <summary>Columns of each table asked about, in declared order; an absent table has none.</summary>
    private readonly Dictionary<string, IReadOnlyList<string>> _columns = new(StringComparer.Ordinal);

    /// <summary>The open connection.</summary>
    public SqliteConnection Connection { get; } = connection;

    /// <summary>A source opened read-only and unpooled: merging never writes to, migrates or locks a source.</summary>
    public static MergeDatabase OpenSource(string path) => new(new SqliteConnection(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString()).OpenAndReturn());

    /// <summary>
    /// The target opened for writing with a long busy timeout: a gateway writing the same file holds its write lock
    /// for one short batch at a time, and the merge waits its turn instead of failing.
    /// </summary>
    public static MergeDatabase OpenTarget(string path, int busyTimeoutMs)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        }.ToString()).OpenAndReturn();
        try
        {
            connection.Execute(null, $"PRAGMA busy_timeout={busyTimeoutMs}");
            connection.Execute(null, "PRAGMA journal_mode=WAL");
            connection.Execute(null, "PRAGMA synchronous=NORMAL");
            // As llm (Python's sqlite3) and the gateway write: rows are copied parent-last in places, consistent at the end.
            connection.Execute(null, "PRAGMA foreign_keys=OFF");
            return new MergeDatabase(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Whether the table exists (and so has columns).</summary>
    public bool Has(string table) => Columns(table).Count > 0;

    /// <summary>The table's columns in declared order, empty when it does not exist.</summary>
    public IReadOnlyList<string> Columns(string table)
    {
        if (_columns.TryGetValue(table, out var known))
            return known;
        if (_loaded)
            return [];
        var columns = Connection.Query(null, "SELECT name FROM pragma_table_info($table) ORDER BY cid", ("$table", table))
            .Select(r => (string)r[0]!).ToList();
        _columns[table] = columns;
        return columns;
    }

    /// <summary>
    /// Reads every table's columns now (the target, once its schema is ensured): asked later, inside a batch's
    /// transaction, the question would need that transaction.
    /// </summary>
    public void LoadColumns()
    {
        _columns.Clear();
        foreach (var row in Connection.Query(null, "SELECT name FROM sqlite_master WHERE type = 'table'"))
            Columns((string)row[0]!);
        _loaded = true;
    }

    /// <summary>Whether <see cref="LoadColumns"/> ran: any table not seen then does not exist.</summary>
    private bool _loaded;

    /// <summary>Streams the rows of a query; values come back with DBNull as null.</summary>
    public IEnumerable<object?[]> Rows(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    /// <summary>Closes the connection and its prepared commands.</summary>
    public void Dispose()
    {
        SqliteCommands.ForgetPrepared(Connection);
        Connection.Dispose();
    }
}

/// <summary>Opening as an expression, so factory methods stay one statement.</summary>
internal static class SqliteOpening
{
    /// <summary>Opens the connection and returns it.</summary>
    public static SqliteConnection OpenAndReturn(this SqliteConnection connection)
    {
        connection.Open();
        return connection;
    }
}
