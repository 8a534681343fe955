using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Journal;
using PromptCapture.Capture.Store.Schema;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>The capture store's use of the journal: open and close it, report its failures, cut it behind commits.</summary>
public sealed partial class CaptureStore
{
    /// <summary>The journal cannot be written (disk full, folder gone): records stay in memory within the budget.</summary>
    private void JournalFailed(Exception ex)
    {
        CaptureLog.JournalAppendFailed(_logger, ex, _journal?.Directory, ex.Message);
    }

    /// <summary>Opens the journal beside the database; without one (read-only folder) capture works from memory.</summary>
    private void OpenJournal()
    {
        try
        {
            // Someone else's file is never used, so nothing is put beside it either (the writer says why at once).
            if (LlmFileCheck.ForeignTables(DatabasePath!).Count > 0)
                return;
        }
        catch (SqliteException)
        {
            // Not a database (yet): journal anyway, so captures survive until the file is fixed or replaced.
        }
        try
        {
            if (Path.GetDirectoryName(DatabasePath) is { Length: > 0 } directory)
                Directory.CreateDirectory(directory);
            var journal = CaptureJournal.Open(DatabasePath!);
            var database = DatabasePath!;
            journal.BeforeDelete = () => SyncToDisk(database);
            lock (_journalLock)
                _journal = journal;
            if (journal.Orphans.Count > 0)
                CaptureLog.OrphansFound(_logger, journal.Orphans.Count, journal.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CaptureLog.JournalUnavailable(_logger, DatabasePath, ex.Message);
        }
    }

    /// <summary>Syncs and closes the journal: segments still holding unwritten records stay for the next start.</summary>
    private void CloseJournal()
    {
        CaptureJournal? journal;
        lock (_journalLock)
        {
            journal = _journal;
            _journal = null;
        }
        journal?.Dispose();
    }

    /// <summary>
    /// Tells the journal what is committed; a file error there (a full disk, a removed folder) is logged and the
    /// housekeeping tried again after the next commit, never stopping the writer.
    /// </summary>
    private void JournalCommitted(long sequence)
    {
        try
        {
            _journal?.Committed(sequence);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CaptureLog.JournalHousekeepingFailed(_logger, ex.Message);
        }
    }

    /// <summary>
    /// fsyncs the database and its write-ahead log: with synchronous=NORMAL a commit reaches the disk only at a
    /// checkpoint, so this runs before journal segments holding committed records are deleted.
    /// </summary>
    private static void SyncToDisk(string databasePath)
    {
        foreach (var path in new[] { databasePath + "-wal", databasePath })
        {
            if (!File.Exists(path))
                continue;
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(handle);
        }
    }
}
