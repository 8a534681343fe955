using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Merging;

/// <summary>
/// Merges llm logs databases (captures of several gateway instances, or llm's own logs.db) into one that llm 0.32
/// reads as its own. Idempotent by construction: messages, attachments, schemas, tools and fragments are
/// content-addressed, turns, threads and responses keep their ULIDs, and every row is inserted only if new.
/// </summary>
/// <param name="batchSize">Rows per write transaction; small, so a gateway writing the target is never held up long.</param>
/// <param name="busyTimeoutMs">How long one batch waits for the target's write lock.</param>
public sealed class LogsMerger(int batchSize = 500, int busyTimeoutMs = 30_000)
{
    /// <summary>Merges the sources, in turn-id order across all of them, into the target (created if missing).</summary>
    public MergeReport Merge(IReadOnlyList<string> sourcePaths, string targetPath)
    {
        CheckPaths(sourcePaths, targetPath);
        if (Path.GetDirectoryName(Path.GetFullPath(targetPath)) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);
        LlmFileCheck.ThrowIfForeign(targetPath);
        var report = new MergeReport();
        using var target = MergeDatabase.OpenTarget(targetPath, busyTimeoutMs);
        LlmSchema.Ensure(target.Connection);
        foreach (var index in ThreadJoiner.Indexes)
            target.Connection.Execute(null, index);
        target.LoadColumns();
        var sources = new List<SourceState>();
        try
        {
            foreach (var path in sourcePaths)
                sources.Add(new SourceState(MergeDatabase.OpenSource(path), target));
            using var batches = new MergeBatches(target.Connection, batchSize);
            foreach (var source in sources)
                CopyContent(source, batches, report);
            TurnCopier.CopyTurns(sources, batches, report);
            foreach (var source in sources)
                CopyLegacy(source, batches, report);
            batches.Commit();
        }
        finally
        {
            foreach (var source in sources)
                source.Db.Dispose();
        }
        return report;
    }

    /// <summary>Every source must be an llm database other than the target; checked before anything is written.</summary>
    private static void CheckPaths(IReadOnlyList<string> sources, string target)
    {
        if (sources.Count == 0)
            throw new MergeException("Name at least one database to merge.");
        var targetFull = Path.GetFullPath(target);
        foreach (var path in sources)
        {
            if (!File.Exists(path))
                throw new MergeException($"{path} does not exist.");
            if (string.Equals(Path.GetFullPath(path), targetFull, StringComparison.Ordinal))
                throw new MergeException($"{path} is the target itself; name it only after --into.");
            using var db = OpenChecked(path);
            if (!db.Has("_llm_migrations") || !(db.Has("turns") || db.Has("responses")))
                throw new MergeException($"{path} is not an llm logs database (no _llm_migrations and turns or responses tables).");
        }
    }

    /// <summary>Opens a source, turning "not a database" into a merge error rather than a crash.</summary>
    private static MergeDatabase OpenChecked(string path)
    {
        try
        {
            var db = MergeDatabase.OpenSource(path);
            db.Columns("_llm_migrations");
            return db;
        }
        catch (SqliteException ex)
        {
            throw new MergeException($"{path} cannot be read as a SQLite database: {ex.Message}");
        }
    }

    /// <summary>
    /// Content-addressed and lookup rows first (attachments, schemas, fragments, tools, tool instances, messages with
    /// their parts), so turns find everything they point at; ids the target numbers itself are mapped.
    /// </summary>
    private static void CopyContent(SourceState source, MergeBatches batches, MergeReport report)
    {
        var copy = source.Copy;
        report.AttachmentsAdded += copy.CopyAll(batches, "attachments");
        copy.CopyAll(batches, "schemas");
        MapByHash(source, batches, "fragments", source.Fragments);
        MapByHash(source, batches, "tools", source.Tools);
        MapToolInstances(source, batches);
        copy.CopyChildrenAll(batches, "fragment_aliases", new() { ["fragment_id"] = source.Fragments.Map });
        CopyMessages(source, batches, report);
        copy.CopyAll(batches, "prompt_capture_message_aliases");
        report.FailuresAdded += copy.CopyAll(batches, "prompt_capture_failures");
    }

    /// <summary>Rows keyed by an INTEGER id but unique by hash (fragments, tools): found by hash or inserted, ids mapped.</summary>
    private static void MapByHash(SourceState source, MergeBatches batches, string table, IdMap map)
    {
        var columns = source.Copy.Shared(table, "id");
        if (!columns.Contains("hash"))
            return;
        var hashAt = columns.ToList().IndexOf("hash");
        foreach (var row in source.Copy.Read(table, ["id", .. columns]))
        {
            var values = row[1..];
            var hash = values[hashAt];
            var found = source.Target.Connection.Scalar(batches.Tx, $"SELECT id FROM \"{table}\" WHERE hash = $hash", ("$hash", hash));
            if (found is null)
            {
                source.Copy.Insert(batches.Tx, table, columns, values, "INSERT");
                found = source.Target.Connection.Scalar(batches.Tx, "SELECT last_insert_rowid()");
            }
            map.Add(row[0], found);
            batches.Step();
        }
    }

    /// <summary>tool_instances have no unique key: an instance with the same plugin, name and arguments is the same.</summary>
    private static void MapToolInstances(SourceState source, MergeBatches batches)
    {
        var columns = source.Copy.Shared("tool_instances", "id");
        if (columns.Count == 0)
            return;
        foreach (var row in source.Copy.Read("tool_instances", ["id", .. columns]))
        {
            var values = row[1..];
            var where = string.Join(" AND ", columns.Select((c, i) => $"\"{c}\" IS $p{i}"));
            var found = source.Target.Connection.Scalar(batches.Tx, $"SELECT id FROM tool_instances WHERE {where} LIMIT 1",
                columns.Select((_, i) => ("$p" + i, values[i])).ToArray());
            if (found is null)
            {
                source.Copy.Insert(batches.Tx, "tool_instances", columns, values, "INSERT");
                found = source.Target.Connection.Scalar(batches.Tx, "SELECT last_insert_rowid()");
            }
            source.Instances.Add(row[0], found);
            batches.Step();
        }
    }

    /// <summary>Messages new to the target, each with its parts (new part ids) and their attachment and fragment links.</summary>
    private static void CopyMessages(SourceState source, MergeBatches batches, MergeReport report)
    {
        if (!source.Db.Has("messages"))
            return;
        var copy = source.Copy;
        var columns = copy.Shared("messages");
        var partColumns = copy.Shared("parts", "id", "message_hash");
        var target = source.Target.Connection;
        foreach (var row in copy.Read("messages", columns))
        {
            var tx = batches.Tx;
            if (copy.Insert(tx, "messages", columns, row))
            {
                report.MessagesAdded++;
                var hash = RowCopy.Value(columns, row, "hash");
                foreach (var part in copy.Read("parts", ["id", .. partColumns], "message_hash = $hash", ("$hash", hash)).ToList())
                {
                    var values = part[1..];
                    var payloadAt = partColumns.ToList().IndexOf("payload");
                    if (payloadAt >= 0 && values[payloadAt] is string payload)
                        values[payloadAt] = RemapTextRefs(payload, source.Fragments);
                    copy.Insert(tx, "parts", ["message_hash", .. partColumns], [hash, .. values], "INSERT");
                    var partId = target.Scalar(tx, "SELECT last_insert_rowid()");
                    copy.CopyChildren(tx, "part_attachments", "part_id = $id", ("$id", part[0]),
                        new Dictionary<string, Func<object?, object?>> { ["part_id"] = _ => partId });
                    copy.CopyChildren(tx, "part_fragments", "part_id = $id", ("$id", part[0]),
                        new Dictionary<string, Func<object?, object?>> { ["part_id"] = _ => partId, ["fragment_id"] = source.Fragments.Map });
                }
            }
            batches.Step();
        }
    }

    /// <summary>
    /// A part's text_ref names fragments by their INTEGER id, which the target may number differently; rewritten
    /// in json.dumps form only when an id changed (the message hash holds the text, not the id, so it stays valid).
    /// </summary>
    private static string RemapTextRefs(string payload, IdMap fragments)
    {
        if (!payload.Contains("\"text_ref\"", StringComparison.Ordinal) || fragments.IsIdentity)
            return payload;
        if (JsonNode.Parse(payload) is not JsonObject obj || obj["text_ref"] is not JsonArray refs)
            return payload;
        var changed = false;
        foreach (var item in refs)
        {
            if (item is JsonObject reference && reference["fragment"] is JsonValue id && id.TryGetValue<long>(out var old))
            {
                var mapped = Convert.ToInt64(fragments.Map(old));
                if (mapped != old)
                {
                    reference["fragment"] = mapped;
                    changed = true;
                }
            }
        }
        return changed ? PythonJson.Dumps(obj) : payload;
    }

    /// <summary>
    /// llm 0.31's rows (conversations, responses and what hangs off a response), which llm 0.32 still shows: each
    /// response copied once, with its children only when it is new, so a second run adds nothing.
    /// </summary>
    private static void CopyLegacy(SourceState source, MergeBatches batches, MergeReport report)
    {
        var copy = source.Copy;
        copy.CopyAll(batches, "conversations");
        if (!source.Db.Has("responses"))
            return;
        var columns = copy.Shared("responses");
        var target = source.Target.Connection;
        foreach (var row in copy.Read("responses", columns))
        {
            var tx = batches.Tx;
            if (copy.Insert(tx, "responses", columns, row))
            {
                report.ResponsesAdded++;
                var key = ("$id", RowCopy.Value(columns, row, "id"));
                var fragment = new Dictionary<string, Func<object?, object?>> { ["fragment_id"] = source.Fragments.Map };
                copy.CopyChildren(tx, "prompt_attachments", "response_id = $id", key, new Dictionary<string, Func<object?, object?>>());
                copy.CopyChildren(tx, "prompt_fragments", "response_id = $id", key, fragment);
                copy.CopyChildren(tx, "system_fragments", "response_id = $id", key, fragment);
                copy.CopyChildren(tx, "tool_responses", "response_id = $id", key,
                    new Dictionary<string, Func<object?, object?>> { ["tool_id"] = source.Tools.Map });
                copy.CopyChildren(tx, "tool_calls", "response_id = $id", key,
                    new Dictionary<string, Func<object?, object?>> { ["tool_id"] = source.Tools.Map }, exclude: ["id"]);
                var resultColumns = copy.Shared("tool_results", "id");
                foreach (var result in copy.Read("tool_results", ["id", .. resultColumns], "response_id = $id", key).ToList())
                {
                    var values = result[1..];
                    for (var i = 0; i < resultColumns.Count; i++)
                    {
                        if (resultColumns[i] == "tool_id")
                            values[i] = source.Tools.Map(values[i]);
                        else if (resultColumns[i] == "instance_id")
                            values[i] = source.Instances.Map(values[i]);
                    }
                    copy.Insert(tx, "tool_results", resultColumns, values, "INSERT");
                    var resultId = target.Scalar(tx, "SELECT last_insert_rowid()");
                    copy.CopyChildren(tx, "tool_results_attachments", "tool_result_id = $id", ("$id", result[0]),
                        new Dictionary<string, Func<object?, object?>> { ["tool_result_id"] = _ => resultId });
                }
            }
            batches.Step();
        }
    }
}
