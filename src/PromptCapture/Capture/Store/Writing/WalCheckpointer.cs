using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Moves the write-ahead log into the database file off the writer's path. SQLite's automatic checkpoint runs
/// inside the commit that crosses its threshold, so the writer (and every record behind it) waited for the page
/// copy and its fsync; with it off on the writer's connection, this runs a PASSIVE checkpoint on its own connection
/// and low-priority thread every so many records, which never blocks the writer, llm's readers or requests.
/// </summary>
/// <param name="databasePath">The capture database.</param>
internal sealed class WalCheckpointer(string databasePath)
{
    /// <summary>Records committed between checkpoints: a few megabytes of log, about what SQLite's default allows.</summary>
    internal const int RecordsPerCheckpoint = 1024;

    /// <summary>Records committed since the last checkpoint started; touched by the writer only.</summary>
    private int _sinceLast;

    /// <summary>The running checkpoint, if any; a new one waits until it is done.</summary>
    private Task _running = Task.CompletedTask;

    /// <summary>The thread checkpoints run on, started with the first one.</summary>
    private LowPriorityWorker? _worker;

    /// <summary>Counts committed records and starts a background checkpoint once enough have gathered.</summary>
    public void Committed(int records)
    {
        _sinceLast += records;
        if (_sinceLast < RecordsPerCheckpoint || !_running.IsCompleted)
            return;
        _sinceLast = 0;
        _running = (_worker ??= new LowPriorityWorker("Capture checkpoint")).RunAsync(Checkpoint);
    }

    /// <summary>Waits for a running checkpoint and ends the thread (the writer is stopping).</summary>
    public async Task DrainAsync()
    {
        await _running.ConfigureAwait(false);
        _worker?.Dispose();
        _worker = null;
    }

    /// <summary>
    /// One PASSIVE checkpoint: copies what no reader still needs and gives up at once on a lock, so a busy database
    /// only means the log grows a little until the next try.
    /// </summary>
    private void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(WriterConnection.ConnectionString(databasePath));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Locked, unreadable or gone for a moment: the next checkpoint tries again, and closing the writer
            // checkpoints too; a failure here must never surface in the writer's stop.
        }
    }
}
