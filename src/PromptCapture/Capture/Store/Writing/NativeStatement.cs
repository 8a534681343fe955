using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// One prepared statement run straight on SQLite's handle: bound by cached parameter index, stepped, reset. The
/// writer runs a dozen statements per record, and Microsoft.Data.Sqlite's command layer (a data reader, a name
/// lookup and a UTF-8 copy per value, on every run) cost about as much as SQLite's own work for these small rows.
/// </summary>
internal sealed class NativeStatement : IDisposable
{
    /// <summary>The connection's SQLite handle, for error messages.</summary>
    private readonly sqlite3 _db;

    /// <summary>The prepared statement.</summary>
    private readonly sqlite3_stmt _statement;

    /// <summary>Parameter names of the last run, in the caller's order (usually the same literals every time).</summary>
    private string[] _names = [];

    /// <summary>SQLite's index for each of <see cref="_names"/>.</summary>
    private int[] _indexes = [];

    /// <summary>How long a busy database is retried, as the command layer does (the connection's default timeout).</summary>
    private readonly TimeSpan _busyFor;

    /// <summary>Wraps a statement prepared on <paramref name="db"/>.</summary>
    private NativeStatement(sqlite3 db, sqlite3_stmt statement, TimeSpan busyFor)
    {
        _db = db;
        _statement = statement;
        _busyFor = busyFor;
    }

    /// <summary>
    /// Prepares <paramref name="sql"/> when it is exactly one statement; null for several statements (the command
    /// layer runs those), so a caller can always fall back. Preparing reads the schema, which a journal mode change
    /// or a migration in another connection can hold without SQLite's busy handler being asked; that answer is
    /// retried for the connection's timeout, as Microsoft.Data.Sqlite's commands retry theirs.
    /// </summary>
    public static NativeStatement? TryPrepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle!;
        var busyFor = TimeSpan.FromSeconds(connection.DefaultTimeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        int rc;
        sqlite3_stmt statement;
        string tail;
        while (true)
        {
            rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement, out tail);
            if (rc == raw.SQLITE_OK)
                break;
            statement?.Dispose();
            if (!IsBusy(rc) || raw.sqlite3_get_autocommit(db) == 0 || System.Diagnostics.Stopwatch.GetElapsedTime(started) >= busyFor)
                SqliteException.ThrowExceptionForRC(rc, db);
            Thread.Sleep(BusyPause);
        }
        if (!string.IsNullOrWhiteSpace(tail) || statement is null || statement.IsInvalid)
        {
            statement?.Dispose();
            return null;
        }
        return new NativeStatement(db, statement, busyFor);
    }

    /// <summary>Whether every value is one this class binds itself (text, text in a buffer, integers, reals, blobs, null).</summary>
    public static bool CanBind(ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        foreach (var (_, value) in parameters)
        {
            if (value is not (null or DBNull or string or ReadOnlyMemory<char> or int or long or short or byte or bool or double or float or byte[]))
                return false;
        }
        return true;
    }

    /// <summary>Runs the statement to its end and returns the rows it changed (-1 for a statement that changes none).</summary>
    public int Execute(ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        try
        {
            Bind(parameters);
            int rc;
            while ((rc = Step()) == raw.SQLITE_ROW)
            {
                // A statement that answers rows (a PRAGMA, say) is run for its effect.
            }
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, _db);
            return raw.sqlite3_stmt_readonly(_statement) != 0 ? -1 : raw.sqlite3_changes(_db);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs the statement and returns the first column of its first row, or null (SQL NULL or no row).</summary>
    public object? Scalar(ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        try
        {
            Bind(parameters);
            var rc = Step();
            if (rc == raw.SQLITE_DONE)
                return null;
            if (rc != raw.SQLITE_ROW)
                SqliteException.ThrowExceptionForRC(rc, _db);
            return raw.sqlite3_column_type(_statement, 0) switch
            {
                raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, 0),
                raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, 0),
                raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, 0).utf8_to_string(),
                raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, 0).ToArray(),
                _ => null,
            };
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>
    /// One step; where SQLite answers busy or locked without waiting (some locks skip the busy handler, such as a
    /// journal mode change while another connection writes), it is retried for the connection's timeout, as
    /// Microsoft.Data.Sqlite's commands do.
    /// </summary>
    private int Step()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var rc = raw.sqlite3_step(_statement);
            // Inside an explicit transaction a busy answer means another writer holds what this one needs: waiting
            // cannot help there (the busy handler already waited), so it goes back to the caller's retry.
            if (!IsBusy(rc) || raw.sqlite3_get_autocommit(_db) == 0
                || System.Diagnostics.Stopwatch.GetElapsedTime(started) >= _busyFor)
                return rc;
            raw.sqlite3_reset(_statement);
            Thread.Sleep(BusyPause);
        }
    }

    /// <summary>Whether SQLite answered busy or locked (any extended form), which waiting can cure.</summary>
    private static bool IsBusy(int rc) => (rc & 0xff) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;

    /// <summary>Pause between tries on a busy database.</summary>
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(20);

    /// <summary>Binds each value at its parameter's index, looking names up only when they differ from the last run.</summary>
    private void Bind(ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!SameNames(parameters))
        {
            _names = new string[parameters.Length];
            _indexes = new int[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                _names[i] = parameters[i].Name;
                _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, parameters[i].Name);
                if (_indexes[i] == 0)
                    throw new InvalidOperationException($"The statement has no parameter named {parameters[i].Name}.");
            }
        }
        for (var i = 0; i < parameters.Length; i++)
            Check(BindValue(_indexes[i], parameters[i].Value));
    }

    /// <summary>Whether this run names the same parameters, in the same order, as the cached indexes.</summary>
    private bool SameNames(ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (parameters.Length != _names.Length)
            return false;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!ReferenceEquals(parameters[i].Name, _names[i]) && parameters[i].Name != _names[i])
                return false;
        }
        return true;
    }

    /// <summary>One value in SQLite's own type: text is handed over as UTF-16 (SQLite copies and converts it).</summary>
    private int BindValue(int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, index),
        // An empty span would reach SQLite as a null pointer, which binds NULL: "" goes as a terminated empty string.
        string { Length: 0 } => raw.sqlite3_bind_text(_statement, index, ""),
        string text => raw.sqlite3_bind_text16(_statement, index, text.AsSpan()),
        ReadOnlyMemory<char> { Length: 0 } => raw.sqlite3_bind_text(_statement, index, ""),
        ReadOnlyMemory<char> text => raw.sqlite3_bind_text16(_statement, index, text.Span),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        short number => raw.sqlite3_bind_int64(_statement, index, number),
        byte number => raw.sqlite3_bind_int64(_statement, index, number),
        bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
        double real => raw.sqlite3_bind_double(_statement, index, real),
        float real => raw.sqlite3_bind_double(_statement, index, real),
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(_statement, index, 0),
        byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
        _ => throw new NotSupportedException($"Cannot bind a {value.GetType().Name}."),
    };

    /// <summary>Turns a failed bind into SQLite's exception.</summary>
    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Makes the statement ready for the next run and lets go of the bound values.</summary>
    private void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    /// <summary>Finalizes the statement.</summary>
    public void Dispose() => _statement.Dispose();
}
