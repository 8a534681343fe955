using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Merging;

/// <summary>
/// The merge's write transactions: one IMMEDIATE transaction per batch of rows, so a gateway writing the same file
/// waits at most one batch, and an interrupted merge leaves whole batches that the next run completes.
/// </summary>
internal sealed class MergeBatches(SqliteConnection target, int size) : IDisposable
{
    /// <summary>The open transaction, if a batch has started.</summary>
    private SqliteTransaction? _tx;

    /// <summary>Rows written in the open batch.</summary>
    private int _count;

    /// <summary>The current batch's transaction, begun (waiting for the write lock) on first use.</summary>
    public SqliteTransaction Tx => _tx ??= target.BeginTransaction(deferred: false);

    /// <summary>Counts a row and commits the batch once it is full.</summary>
    public void Step()
    {
        if (++_count >= size)
            Commit();
    }

    /// <summary>Commits the open batch, if any.</summary>
    public void Commit()
    {
        if (_tx is null)
            return;
        _tx.Commit();
        _tx.Dispose();
        _tx = null;
        _count = 0;
    }

    /// <summary>Rolls back an uncommitted batch (an error stopped the merge).</summary>
    public void Dispose()
    {
        _tx?.Dispose();
        _tx = null;
    }
}
