using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// One batch's transaction written a record at a time (<see cref="LlmLogWriter.Begin"/>): any thread may take the
/// next step as long as only one does at a time; disposing before the commit rolls the whole batch back.
/// </summary>
public sealed class LlmBatchWrite : IDisposable
{
    /// <summary>The batch's transaction, committed after the last record.</summary>
    private readonly SqliteTransaction _transaction;

    /// <summary>The records, in order.</summary>
    private readonly IReadOnlyList<CaptureRecord> _records;

    /// <summary>Writes one record inside the transaction.</summary>
    private readonly Func<SqliteTransaction, CaptureRecord, CaptureWriteResult> _write;

    /// <summary>What each written record became.</summary>
    private readonly List<CaptureWriteResult> _results;

    /// <summary>Takes a just-begun transaction and the records it is for.</summary>
    internal LlmBatchWrite(SqliteTransaction transaction, IReadOnlyList<CaptureRecord> records, Func<SqliteTransaction, CaptureRecord, CaptureWriteResult> write)
    {
        _transaction = transaction;
        _records = records;
        _write = write;
        _results = new List<CaptureWriteResult>(records.Count);
    }

    /// <summary>What each record became, in order; complete once <see cref="WriteNext"/> has returned false.</summary>
    public IReadOnlyList<CaptureWriteResult> Results => _results;

    /// <summary>Writes the next record, or commits once all are written; true while steps remain.</summary>
    public bool WriteNext()
    {
        if (_results.Count < _records.Count)
        {
            _results.Add(_write(_transaction, _records[_results.Count]));
            return true;
        }
        _transaction.Commit();
        return false;
    }

    /// <summary>Ends the transaction; one not yet committed is rolled back.</summary>
    public void Dispose() => _transaction.Dispose();
}
