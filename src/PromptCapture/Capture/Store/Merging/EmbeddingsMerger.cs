using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Merging;

/// <summary>What an embeddings merge did.</summary>
/// <param name="CollectionsAdded">Collections new to the target.</param>
/// <param name="EmbeddingsAdded">Items new to their collection.</param>
/// <param name="EmbeddingsUpdated">Items the target had with an older <c>updated</c> time, replaced by the newer one.</param>
/// <param name="EmbeddingsKnown">Items the target already had as new or newer.</param>
public sealed record EmbeddingsMergeReport(long CollectionsAdded, long EmbeddingsAdded, long EmbeddingsUpdated, long EmbeddingsKnown)
{
    /// <summary>One line for the command's output.</summary>
    public override string ToString() =>
        $"{CollectionsAdded} collections added, {EmbeddingsAdded} embeddings added, {EmbeddingsUpdated} updated, {EmbeddingsKnown} already there";
}

/// <summary>
/// Merges llm embeddings databases (embeddings.db): collections matched by name, items by (collection, id), a newer
/// item (by its <c>updated</c> time) replacing an older one, so running it again, or in another order, ends the same.
/// </summary>
public sealed class EmbeddingsMerger(int batchSize = 500, int busyTimeoutMs = 30_000)
{
    /// <summary>The item columns copied (the collection id is the target's).</summary>
    private static readonly string[] ItemColumns = ["id", "embedding", "content", "content_blob", "content_hash", "metadata", "updated"];

    /// <summary>Merges the sources into the target (created with llm's schema if missing).</summary>
    public EmbeddingsMergeReport Merge(IReadOnlyList<string> sourcePaths, string targetPath)
    {
        if (sourcePaths.Count == 0)
            throw new MergeException("Name at least one embeddings database to merge.");
        var sources = new List<MergeDatabase>();
        try
        {
            foreach (var path in sourcePaths)
                sources.Add(OpenSource(path, targetPath));
            if (File.Exists(targetPath) && new FileInfo(targetPath).Length > 0)
            {
                using var existing = MergeDatabase.OpenSource(targetPath);
                CheckEmbeddingsFile(existing, targetPath, allowEmpty: true);
                CheckModels(sources.Prepend(existing).ToList(), sourcePaths.Prepend(targetPath).ToList());
            }
            else
            {
                CheckModels(sources, sourcePaths);
            }
            using var target = MergeDatabase.OpenTarget(targetPath, busyTimeoutMs);
            EmbeddingsSchema.Ensure(target.Connection);
            long collections = 0, added = 0, updated = 0, known = 0;
            using var batches = new MergeBatches(target.Connection, batchSize);
            foreach (var source in sources)
            {
                foreach (var collection in source.Rows("SELECT id, name, model FROM collections ORDER BY id").ToList())
                {
                    var tx = batches.Tx;
                    var targetId = target.Connection.Scalar(tx, "SELECT id FROM collections WHERE name = $name", ("$name", collection[1]));
                    if (targetId is null)
                    {
                        target.Connection.Execute(tx, "INSERT INTO collections (name, model) VALUES ($name, $model)",
                            ("$name", collection[1]), ("$model", collection[2]));
                        targetId = target.Connection.Scalar(tx, "SELECT last_insert_rowid()");
                        collections++;
                    }
                    foreach (var item in source.Rows($"SELECT {RowCopy.List(ItemColumns)} FROM embeddings WHERE collection_id = $c", ("$c", collection[0])))
                    {
                        switch (MergeItem(target.Connection, batches.Tx, targetId, item))
                        {
                            case ItemOutcome.Added: added++; break;
                            case ItemOutcome.Updated: updated++; break;
                            default: known++; break;
                        }
                        batches.Step();
                    }
                }
            }
            batches.Commit();
            return new EmbeddingsMergeReport(collections, added, updated, known);
        }
        finally
        {
            foreach (var source in sources)
                source.Dispose();
        }
    }

    /// <summary>What happened to one item.</summary>
    private enum ItemOutcome
    {
        /// <summary>New to its collection.</summary>
        Added,
        /// <summary>Replaced an older copy.</summary>
        Updated,
        /// <summary>The target's copy is as new or newer.</summary>
        Known,
    }

    /// <summary>Inserts an item, or replaces the target's copy when this one was updated later.</summary>
    private static ItemOutcome MergeItem(SqliteConnection target, SqliteTransaction tx, object? collectionId, object?[] item)
    {
        var existing = target.Query(tx, "SELECT updated FROM embeddings WHERE collection_id = $c AND id = $id",
            ("$c", collectionId), ("$id", item[0]));
        if (existing.Count > 0 && Convert.ToInt64(existing[0][0] ?? 0L) >= Convert.ToInt64(item[6] ?? 0L))
            return ItemOutcome.Known;
        var parameters = new List<(string, object?)> { ("$c", collectionId) };
        parameters.AddRange(ItemColumns.Select((c, i) => ("$" + c, item[i])));
        target.Execute(tx, $"""
            INSERT OR REPLACE INTO embeddings (collection_id, {RowCopy.List(ItemColumns)})
            VALUES ($c, {string.Join(", ", ItemColumns.Select(c => "$" + c))})
            """, [.. parameters]);
        return existing.Count > 0 ? ItemOutcome.Updated : ItemOutcome.Added;
    }

    /// <summary>A source must exist, differ from the target and be an embeddings database.</summary>
    private static MergeDatabase OpenSource(string path, string target)
    {
        if (!File.Exists(path))
            throw new MergeException($"{path} does not exist.");
        if (string.Equals(Path.GetFullPath(path), Path.GetFullPath(target), StringComparison.Ordinal))
            throw new MergeException($"{path} is the target itself; name it only after --into.");
        MergeDatabase db;
        try
        {
            db = MergeDatabase.OpenSource(path);
            db.Columns("collections");
        }
        catch (SqliteException ex)
        {
            throw new MergeException($"{path} cannot be read as a SQLite database: {ex.Message}");
        }
        CheckEmbeddingsFile(db, path, allowEmpty: false);
        return db;
    }

    /// <summary>Refuses a file that is not llm's embeddings database (a logs.db given by mistake, say).</summary>
    private static void CheckEmbeddingsFile(MergeDatabase db, string path, bool allowEmpty)
    {
        var hasTables = db.Has("collections") && db.Has("embeddings");
        var isEmpty = !db.Rows("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").Any();
        if (!hasTables && !(allowEmpty && isEmpty))
        {
            db.Dispose();
            throw new MergeException($"{path} is not an llm embeddings database (no collections and embeddings tables).");
        }
    }

    /// <summary>
    /// A collection's vectors only compare with vectors of the same model: the same name with two models is refused
    /// before anything is written.
    /// </summary>
    private static void CheckModels(IReadOnlyList<MergeDatabase> databases, IReadOnlyList<string> paths)
    {
        var models = new Dictionary<string, (string? Model, string Path)>(StringComparer.Ordinal);
        for (var i = 0; i < databases.Count; i++)
        {
            if (!databases[i].Has("collections"))
                continue;
            foreach (var row in databases[i].Rows("SELECT name, model FROM collections"))
            {
                var name = (string)row[0]!;
                var model = row[1] as string;
                if (models.TryGetValue(name, out var seen) && seen.Model != model)
                {
                    throw new MergeException(
                        $"Collection '{name}' uses model {seen.Model} in {seen.Path} but {model} in {paths[i]}; its vectors cannot be mixed. Nothing was merged.");
                }
                models.TryAdd(name, (model, paths[i]));
            }
        }
    }
}
