using Microsoft.Data.Sqlite;

namespace PromptCapture.Tests.Capture;

/// <summary>A database file of its own for one test, removed (with its WAL files) when the test ends.</summary>
public sealed class TempDatabase : IDisposable
{
    /// <summary>Creates a unique path in a fresh temp folder; the file itself is not created.</summary>
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pc-capture-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "logs.db");
    }

    /// <summary>The folder holding the file.</summary>
    public string Directory { get; }

    /// <summary>The database path.</summary>
    public string Path { get; }

    /// <summary>A copy of llm's reference.db, so tests never touch the shared original.</summary>
    public static TempDatabase CopyOfReference()
    {
        var db = new TempDatabase();
        File.Copy(ReferenceFiles.Database, db.Path);
        return db;
    }

    /// <summary>An open read-write connection to the file (unpooled so deleting it works).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open on some platform; the temp folder is cleaned by the OS eventually.
        }
    }
}
