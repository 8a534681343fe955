using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Merging;

/// <summary>
/// The turns step of a merge: turns of every source in ULID order, each placed in the thread its conversation
/// continues (or a new one), with the thread tips kept as llm keeps them.
/// </summary>
internal static class TurnCopier
{
    /// <summary>
    /// Turns of all sources in ULID order (so a conversation served by several instances is replayed in the order
    /// it happened), each with its thread decided as it arrives, then its tools, fragments, search row and our request row.
    /// </summary>
    internal static void CopyTurns(List<SourceState> sources, MergeBatches batches, MergeReport report)
    {
        var order = new List<(string Id, SourceState Source)>();
        foreach (var source in sources.Where(s => s.Db.Has("turns")))
            order.AddRange(source.Db.Rows("SELECT id FROM turns").Select(r => ((string)r[0]!, source)));
        order.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        string? previous = null;
        foreach (var (id, source) in order)
        {
            if (id == previous)
                continue;
            previous = id;
            CopyTurn(source, batches.Tx, id, report);
            batches.Step();
        }
    }

    /// <summary>One turn: skipped when known (its thread remembered), else written under the thread chosen for it.</summary>
    private static void CopyTurn(SourceState source, SqliteTransaction tx, string id, MergeReport report)
    {
        var copy = source.Copy;
        var target = source.Target.Connection;
        var columns = copy.Shared("turns");
        var row = copy.Read("turns", columns, "id = $id", ("$id", id)).Single();
        var sourceThread = RowCopy.Value(columns, row, "thread_id") as string;
        if (target.Scalar(tx, "SELECT thread_id FROM turns WHERE id = $id", ("$id", id)) is { } known)
        {
            report.TurnsKnown++;
            if (sourceThread is not null)
                source.Threads.TryAdd(sourceThread, known as string);
            return;
        }
        var thread = ThreadFor(source, tx, sourceThread, RowCopy.Value(columns, row, "parent_message_hash") as string,
            RowCopy.Value(columns, row, "tip_message_hash") as string, report);
        row[columns.ToList().IndexOf("thread_id")] = thread;
        copy.Insert(tx, "turns", columns, row);
        report.TurnsAdded++;
        if (thread is not null)
            UpdateTip(target, tx, thread);
        var turnKey = ("$id", (object?)id);
        var noMap = new Dictionary<string, Func<object?, object?>>();
        copy.CopyChildren(tx, "turn_tools", "turn_id = $id", turnKey,
            new Dictionary<string, Func<object?, object?>> { ["tool_id"] = source.Tools.Map, ["instance_id"] = source.Instances.Map });
        copy.CopyChildren(tx, "turn_fragments", "turn_id = $id", turnKey,
            new Dictionary<string, Func<object?, object?>> { ["fragment_id"] = source.Fragments.Map });
        copy.CopyChildren(tx, "tool_instantiations", "turn_id = $id", turnKey,
            new Dictionary<string, Func<object?, object?>> { ["instance_id"] = source.Instances.Map });
        copy.CopyChildren(tx, "turn_search", "turn_id = $id", turnKey, noMap, exclude: ["id"]);
        copy.CopyChildren(tx, "prompt_capture_requests", "turn_id = $id", turnKey, noMap);
        copy.CopyChildren(tx, "prompt_capture_responses", "turn_id = $id", turnKey, noMap);
    }

    /// <summary>
    /// The target thread of a source thread: remembered, or the same id if the target has it, or (for a thread that
    /// is not a recorded fork) the thread its history joins, or else a copy of the source's thread row.
    /// </summary>
    private static string? ThreadFor(SourceState source, SqliteTransaction tx, string? sourceThread, string? parent, string? tip, MergeReport report)
    {
        if (sourceThread is null)
            return null;
        if (source.Threads.TryGetValue(sourceThread, out var mapped))
            return mapped;
        var target = source.Target.Connection;
        if (target.Scalar(tx, "SELECT 1 FROM threads WHERE id = $id", ("$id", sourceThread)) is not null)
            return source.Threads[sourceThread] = sourceThread;
        var columns = source.Copy.Shared("threads");
        var row = source.Copy.Read("threads", columns, "id = $id", ("$id", sourceThread)).SingleOrDefault()
            ?? columns.Select(c => c == "id" ? (object?)sourceThread : null).ToArray();
        var forkedAt = columns.ToList().IndexOf("forked_from");
        string? forkedFrom = null;
        if (forkedAt < 0 || row[forkedAt] is null)
        {
            var choice = ThreadJoiner.Choose(target, tx, parent, tip);
            if (choice.JoinThreadId is { } joined)
            {
                report.ThreadsJoined++;
                return source.Threads[sourceThread] = joined;
            }
            forkedFrom = choice.ForkedFrom;
        }
        else if (row[forkedAt] is string original)
        {
            forkedFrom = source.Threads.GetValueOrDefault(original) ?? original;
        }
        if (forkedAt >= 0)
            row[forkedAt] = forkedFrom;
        var tipAt = columns.ToList().IndexOf("tip_message_hash");
        if (tipAt >= 0)
            row[tipAt] = null;
        source.Copy.Insert(tx, "threads", columns, row);
        report.ThreadsAdded++;
        return source.Threads[sourceThread] = sourceThread;
    }

    /// <summary>
    /// A thread's tip is its newest turn's tip, as llm leaves it after logging that turn; kept right after every
    /// turn, since the next turn's thread is chosen by the tips.
    /// </summary>
    private static void UpdateTip(SqliteConnection target, SqliteTransaction tx, string thread) =>
        target.Execute(tx, """
            UPDATE threads SET tip_message_hash =
                (SELECT tip_message_hash FROM turns WHERE thread_id = $id ORDER BY id DESC LIMIT 1)
            WHERE id = $id
            """, ("$id", thread));
}
