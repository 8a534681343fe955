using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// The capture writer's one connection to the llm database, opened lazily with the writer's pragmas and llm's schema
/// ensured, and dropped after an error so the next attempt starts clean.
/// </summary>
internal sealed class WriterConnection(string path, ILogger logger)
{
    /// <summary>The connection's page cache, in KiB.</summary>
    private const int PageCacheKiB = 32 * 1024;

    /// <summary>How long SQLite waits on a lock inside one attempt before the writer backs off and retries.</summary>
    internal const int BusyTimeoutMs = 1000;

    /// <summary>The database file.</summary>
    private readonly string _path = path;

    /// <summary>Where a schema creation or upgrade is reported.</summary>
    private readonly ILogger _logger = logger;

    /// <summary>The open connection, or null until the next Open.</summary>
    private SqliteConnection? _connection;

    /// <summary>
    /// Opens the database if needed: directory created, WAL so readers (llm, Datasette) never block the writer,
    /// synchronous=NORMAL (safe with WAL), a short busy timeout, and llm's schema ensured on every (re)open.
    /// </summary>
    public SqliteConnection Open()
    {
        if (_connection is not null)
            return _connection;
        var path = _path;
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);
        // Before the first write of any kind (journal mode included): a file that is not llm's stays as it was.
        LlmFileCheck.ThrowIfForeign(path);
        var connection = new SqliteConnection(ConnectionString(path));
        try
        {
            connection.Open();
            connection.Execute(null, "PRAGMA journal_mode=WAL");
            connection.Execute(null, "PRAGMA synchronous=NORMAL");
            // e_sqlite3 enforces foreign keys by default; llm (Python's sqlite3) writes with them off, and the checks
            // cost about a tenth of the writer's time for rows that are consistent by construction.
            connection.Execute(null, "PRAGMA foreign_keys=OFF");
            connection.Execute(null, $"PRAGMA busy_timeout={BusyTimeoutMs}");
            // A page cache that holds the hot index pages of a large database (the default 2 MB misses on nearly every
            // content-addressed insert), and checkpoints moved off the commit path (see WalCheckpointer).
            connection.Execute(null, $"PRAGMA cache_size=-{PageCacheKiB}");
            connection.Execute(null, "PRAGMA wal_autocheckpoint=0");
            var state = LlmSchema.Ensure(connection);
            if (state != SchemaState.AlreadyCurrent)
                CaptureLog.SchemaPrepared(_logger, path, state);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _connection = connection;
        return connection;
    }

    /// <summary>Unpooled, so closing really releases the file; a short command timeout bounds one attempt.</summary>
    internal static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    /// <summary>Drops the connection so the next attempt starts clean.</summary>
    public void Close()
    {
        if (_connection is not null)
            SqliteCommands.ForgetPrepared(_connection);
        _connection?.Dispose();
        _connection = null;
    }

}
