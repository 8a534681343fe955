using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Capture;

namespace PromptCapture.Tests.Capture;

/// <summary>A fresh llm database with a writer on it, for tests that write records and read rows back.</summary>
public sealed class WriterHarness : IDisposable
{
    /// <summary>The temporary file.</summary>
    private readonly TempDatabase _db = new();

    /// <summary>Opens the file and prepares the schema.</summary>
    public WriterHarness()
    {
        Connection = _db.Open();
        LlmSchema.Ensure(Connection);
        Writer = new LlmLogWriter(Connection);
    }

    /// <summary>The open connection (also used to query rows).</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The writer under test.</summary>
    public LlmLogWriter Writer { get; }

    /// <summary>The database path, for readers that open their own connection.</summary>
    public string Path => _db.Path;

    /// <summary>Writes one record in its own transaction.</summary>
    public CaptureWriteResult Write(CaptureRecord record) => Writer.WriteBatch([record])[0];

    /// <summary>First column of the first row.</summary>
    public object? Scalar(string sql, params (string, object?)[] parameters) => Connection.Scalar(null, sql, parameters);

    /// <summary>All rows.</summary>
    public List<object?[]> Rows(string sql, params (string, object?)[] parameters) => Connection.Query(null, sql, parameters);

    /// <summary>Closes the connection and deletes the file.</summary>
    public void Dispose()
    {
        Connection.Dispose();
        _db.Dispose();
    }
}
