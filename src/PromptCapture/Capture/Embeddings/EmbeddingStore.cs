using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Embeddings;

/// <summary>
/// Writes embeddings into an embeddings.db exactly as llm 0.32's Collection does (tables, indexes, migration rows,
/// little-endian float32 blobs, MD5 content hashes), from a queue in the background, never on the request path.
/// One collection per alias; a text's row id is derived from its content, so the same text updates the same row.
/// </summary>
public sealed class EmbeddingStore : BackgroundService, IEmbeddingSink
{
    /// <summary>The file name llm uses, beside logs.db.</summary>
    public const string FileName = "embeddings.db";

    private readonly Channel<EmbeddingRecord> _queue = Channel.CreateBounded<EmbeddingRecord>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ILogger<EmbeddingStore> _logger;
    private long _queued;
    private long _done;

    /// <summary>Storing is on when capture is; the file is <paramref name="path"/>, or embeddings.db beside logs.db.</summary>
    public EmbeddingStore(CaptureStore capture, string? path, ILogger<EmbeddingStore> logger)
    {
        _logger = logger;
        if (!capture.Enabled || capture.DatabasePath is null)
            return;
        DatabasePath = path ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(capture.DatabasePath))!, FileName);
    }

    /// <summary>The embeddings.db written to, or null when capture is off.</summary>
    public string? DatabasePath { get; }

    /// <inheritdoc/>
    public bool Offer(EmbeddingRecord record)
    {
        if (DatabasePath is null || !_queue.Writer.TryWrite(record))
            return false;
        Interlocked.Increment(ref _queued);
        return true;
    }

    /// <summary>Waits (polling, with the caller's deadline) until everything queued so far is written; for tests and shutdown.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        while (Interlocked.Read(ref _done) < target)
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The writer loop: one connection, a transaction per batch of whatever is queued.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabasePath is null)
            return;
        await Task.Yield();
        SqliteConnection? connection = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var batch = new List<EmbeddingRecord>();
                while (batch.Count < 512 && _queue.Reader.TryRead(out var record))
                    batch.Add(record);
                try
                {
                    connection ??= Open(DatabasePath);
                    Write(connection, batch);
                }
                catch (SqliteException error)
                {
                    EmbeddingLog.WriteFailed(_logger, error, batch.Count, DatabasePath);
                    connection?.Dispose();
                    connection = null;
                }
                Interlocked.Add(ref _done, batch.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>Opens the file, creating llm's schema and migration rows when it has none.</summary>
    internal static SqliteConnection Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        EmbeddingsSchema.Ensure(connection);
        return connection;
    }

    /// <summary>Upserts the collections and rows of a batch in one transaction.</summary>
    private static void Write(SqliteConnection connection, List<EmbeddingRecord> batch)
    {
        using var transaction = connection.BeginTransaction();
        var collections = new Dictionary<string, long>(StringComparer.Ordinal);
        var updated = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var record in batch)
        {
            if (!collections.TryGetValue(record.Collection, out var id))
                collections[record.Collection] = id = Collection(connection, record.Collection, record.Model);
            var hash = MD5.HashData(Encoding.UTF8.GetBytes(record.Content));
            using var upsert = connection.CreateCommand();
            upsert.CommandText = """
                INSERT INTO embeddings (collection_id, id, embedding, content, content_blob, content_hash, metadata, updated)
                VALUES ($collection, $id, $embedding, $content, NULL, $hash, NULL, $updated)
                ON CONFLICT (collection_id, id) DO UPDATE SET embedding = excluded.embedding, content = excluded.content,
                    content_hash = excluded.content_hash, updated = excluded.updated
                """;
            upsert.Parameters.AddWithValue("$collection", id);
            upsert.Parameters.AddWithValue("$id", RowId(hash));
            upsert.Parameters.AddWithValue("$embedding", Encode(record.Vector.Span));
            upsert.Parameters.AddWithValue("$content", record.Content);
            upsert.Parameters.AddWithValue("$hash", hash);
            upsert.Parameters.AddWithValue("$updated", updated);
            upsert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The id of a collection, made (name and model) when new; an existing one keeps its model.</summary>
    private static long Collection(SqliteConnection connection, string name, string model)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO collections (name, model) VALUES ($name, $model) ON CONFLICT (name) DO NOTHING";
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$model", model);
        insert.ExecuteNonQuery();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT id FROM collections WHERE name = $name";
        select.Parameters.AddWithValue("$name", name);
        return (long)select.ExecuteScalar()!;
    }

    /// <summary>A row id from the content: the hex MD5 of the text, so the same text is the same row.</summary>
    internal static string RowId(byte[] md5) => Convert.ToHexStringLower(md5);

    /// <summary>llm's encoding: the float32 values little-endian, back to back (struct.pack("&lt;" + "f" * n)).</summary>
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * 4];
        for (var i = 0; i < vector.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), vector[i]);
        return bytes;
    }

    /// <summary>Decodes llm's encoding.</summary>
    public static float[] Decode(ReadOnlySpan<byte> blob)
    {
        var vector = new float[blob.Length / 4];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(blob[(i * 4)..]);
        return vector;
    }
}

/// <summary>The embedding store's log messages.</summary>
internal static partial class EmbeddingLog
{
    /// <summary>A batch could not be written; the requests were served regardless.</summary>
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Could not store {Count} embeddings in {Path}")]
    public static partial void WriteFailed(ILogger logger, Exception error, int count, string path);
}
