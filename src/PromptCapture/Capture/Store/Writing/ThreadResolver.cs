using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>Which thread a turn joins: an existing one to continue, or a new one (possibly forked from another).</summary>
/// <param name="ContinueThreadId">The thread to continue, or null to start a new thread.</param>
/// <param name="ForkedFrom">For a new thread, the thread whose history it branches from.</param>
internal sealed record ThreadChoice(string? ContinueThreadId, string? ForkedFrom);

/// <summary>
/// Rebuilds conversations from hashes: OpenAI clients resend the whole history, so the turn continues the thread
/// whose tip is the last message it already knew, and an edited or regenerated history branches off as a fork.
/// </summary>
internal static class ThreadResolver
{
    /// <summary>How far below a prefix message we look for a thread tip when naming the thread a fork came from.</summary>
    private const int MaxForkSearchDepth = 64;

    /// <summary>
    /// Continue the newest thread whose tip is the known prefix; otherwise start a new thread, forked from the
    /// thread holding the prefix when the request carries a history (an edited or regenerated conversation).
    /// A new chat (no assistant message yet) that opens like an old one, or a history sharing only the system
    /// prompt, starts an independent thread, as two separate <c>llm</c> prompts would.
    /// </summary>
    public static ThreadChoice Choose(SqliteConnection connection, SqliteTransaction tx, StoredChain chain)
    {
        if (chain.PrefixTip is null)
            return new ThreadChoice(null, null);
        var continued = connection.Scalar(tx,
            "SELECT id FROM threads WHERE tip_message_hash = $tip ORDER BY id DESC LIMIT 1",
            ("$tip", chain.PrefixTip)) as string;
        if (continued is not null)
            return new ThreadChoice(continued, null);
        if (!chain.PrefixHasConversation || !chain.HasHistory)
            return new ThreadChoice(null, null);
        return new ThreadChoice(null, FindContainingThread(connection, tx, chain.PrefixTip));
    }

    /// <summary>
    /// The thread whose history passes through a message: the nearest thread tip at or below it (newest thread on
    /// ties), found by walking children through idx_messages_parent_hash.
    /// </summary>
    private static string? FindContainingThread(SqliteConnection connection, SqliteTransaction tx, string hash) =>
        connection.Scalar(tx, """
            WITH RECURSIVE below(hash, depth) AS (
                SELECT $hash, 0
                UNION ALL
                SELECT m.hash, below.depth + 1 FROM messages m JOIN below ON m.parent_hash = below.hash
                WHERE below.depth < $max
            )
            SELECT t.id FROM below JOIN threads t ON t.tip_message_hash = below.hash
            ORDER BY below.depth, t.id DESC
            LIMIT 1
            """, ("$hash", hash), ("$max", MaxForkSearchDepth)) as string;
}
