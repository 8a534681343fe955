using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Merging;

/// <summary>Where a merged turn's thread goes: into a thread the target already has, or a new one (maybe a fork).</summary>
/// <param name="JoinThreadId">The target thread the turn continues, or null for a new thread.</param>
/// <param name="ForkedFrom">For a new thread, the target thread whose history it branches from.</param>
internal sealed record JoinChoice(string? JoinThreadId, string? ForkedFrom);

/// <summary>
/// Reunites a conversation that several instances served: an instance that got the second half of a conversation
/// saw its history for the first time and started a thread of its own (without forked_from), but the history's
/// messages hash the same on every instance, so the target already holds the turns they came from.
/// </summary>
internal static class ThreadJoiner
{
    /// <summary>Our indexes the walks below need on turns; llm ignores them.</summary>
    public static readonly string[] Indexes =
    [
        """CREATE INDEX IF NOT EXISTS "prompt_capture_turns_tip" ON "turns" ("tip_message_hash")""",
        """CREATE INDEX IF NOT EXISTS "prompt_capture_turns_parent" ON "turns" ("parent_message_hash")""",
    ];

    /// <summary>
    /// The thread of the nearest earlier turn whose answer this turn's history passes through (as stored, or as the
    /// client echoed it back: an answer with reasoning comes back without it, which prompt_capture_message_aliases
    /// records), when that thread ends
    /// there or goes on along this turn's own path; a thread that went on differently makes this turn a fork of it.
    /// With no earlier turn, the thread of the nearest later turn that continues from this turn's answer.
    /// </summary>
    public static JoinChoice Choose(SqliteConnection target, SqliteTransaction tx, string? parentHash, string? tipHash)
    {
        if (parentHash is not null && target.Query(tx, """
                WITH RECURSIVE up(hash, depth) AS (
                    SELECT $hash, 0
                    UNION ALL
                    SELECT m.parent_hash, up.depth + 1 FROM messages m JOIN up ON m.hash = up.hash
                    WHERE m.parent_hash IS NOT NULL
                ),
                candidates(hash, depth) AS (
                    SELECT hash, depth FROM up
                    UNION ALL
                    SELECT a.message_hash, up.depth FROM up JOIN prompt_capture_message_aliases a ON a.echo_hash = up.hash
                )
                SELECT t.thread_id, c.hash, th.tip_message_hash FROM candidates c
                JOIN turns t ON t.tip_message_hash = c.hash
                JOIN threads th ON th.id = t.thread_id
                ORDER BY c.depth, t.id DESC
                LIMIT 1
                """, ("$hash", parentHash)) is [var earlier])
        {
            var thread = (string)earlier[0]!;
            if (Equals(earlier[1], earlier[2]) || ContinuesThrough(target, tx, tipHash, thread))
                return new JoinChoice(thread, null);
            return new JoinChoice(null, thread);
        }
        if (tipHash is null)
            return new JoinChoice(null, null);
        var later = target.Scalar(tx, """
            WITH RECURSIVE down(hash, depth) AS (
                SELECT $hash, 0
                UNION ALL
                SELECT m.hash, down.depth + 1 FROM messages m JOIN down ON m.parent_hash = down.hash
            )
            SELECT t.thread_id FROM down JOIN turns t ON t.parent_message_hash = down.hash
            ORDER BY down.depth, t.id
            LIMIT 1
            """, ("$hash", tipHash)) as string;
        return new JoinChoice(later, null);
    }

    /// <summary>Whether a turn of the thread starts at or below the message (the thread went on along this path).</summary>
    private static bool ContinuesThrough(SqliteConnection target, SqliteTransaction tx, string? hash, string thread) =>
        hash is not null && target.Scalar(tx, """
            WITH RECURSIVE down(hash) AS (
                SELECT $hash
                UNION
                SELECT m.hash FROM messages m JOIN down ON m.parent_hash = down.hash
            )
            SELECT 1 FROM down JOIN turns t ON t.parent_message_hash = down.hash WHERE t.thread_id = $thread LIMIT 1
            """, ("$hash", hash), ("$thread", thread)) is not null;
}
