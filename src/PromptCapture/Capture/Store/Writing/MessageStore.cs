using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>The outcome of storing a request chain: its stored tip and how much of it was already known.</summary>
/// <param name="Tip">Stored hash of the last request message (the turn's parent_message_hash), or null.</param>
/// <param name="PrefixTip">Stored hash of the deepest message that already existed, or null.</param>
/// <param name="KnownCount">How many leading messages already existed (directly or through an alias).</param>
/// <param name="PrefixHasConversation">Whether that known prefix holds more than system messages.</param>
/// <param name="HasHistory">Whether the request carries earlier answers (an assistant message), i.e. is not a new chat.</param>
internal sealed record StoredChain(string? Tip, string? PrefixTip, int KnownCount, bool PrefixHasConversation, bool HasHistory);

/// <summary>
/// Writes llm's content-addressed rows (messages, parts, attachments) inside the caller's transaction; only new
/// hashes are written, as llm does, and resent histories are matched to stored rows, through echo aliases when
/// the client reformatted an answer.
/// </summary>
internal sealed class MessageStore(SqliteConnection connection, SqliteTransaction tx)
{
    /// <summary>Stores the request chain and returns its tip; known messages are reused, new ones inserted.</summary>
    public StoredChain StoreChain(IReadOnlyList<LlmMessage> chain)
    {
        string? parent = null;
        string? prefixTip = null;
        var known = 0;
        var prefixHasConversation = false;
        var matching = true;
        var hasHistory = false;
        for (var i = 0; i < chain.Count; i++)
        {
            var message = chain[i];
            hasHistory |= message.Role == "assistant";
            var hash = MessageHasher.Hash(message, parent);
            if (matching)
            {
                var stored = FindStored(message, hash, parent);
                if (stored is not null)
                {
                    parent = stored;
                    prefixTip = stored;
                    known++;
                    prefixHasConversation |= message.Role != "system";
                    continue;
                }
                // Every hash below a new message is new too (the parent is part of it), so stop looking.
                matching = false;
            }
            Insert(message, hash, parent);
            parent = hash;
        }
        return new StoredChain(parent, prefixTip, known, prefixHasConversation, hasHistory);
    }

    /// <summary>Stores the model's answer under the request tip and records its echo alias; returns its hash.</summary>
    public string StoreOutput(LlmMessage output, string? parent)
    {
        var hash = MessageHasher.Hash(output, parent);
        Insert(output, hash, parent);
        if (!EchoForm.Differs(output))
            return hash;
        var echoHash = MessageHasher.Hash(EchoForm.Of(output), parent);
        if (echoHash != hash)
        {
            connection.Execute(tx, """
                INSERT OR IGNORE INTO prompt_capture_message_aliases (echo_hash, message_hash) VALUES ($echo, $hash)
                """, ("$echo", echoHash), ("$hash", hash));
        }
        return hash;
    }

    /// <summary>Whether a message row with that hash exists.</summary>
    public bool Exists(string hash) =>
        connection.Scalar(tx, "SELECT 1 FROM messages WHERE hash = $hash", ("$hash", hash)) is not null;

    /// <summary>
    /// The stored hash for a resent message: its own hash if stored, else (for an assistant message) the answer
    /// whose echo form it matches, preferring one that is a thread tip and then the newest.
    /// </summary>
    private string? FindStored(LlmMessage message, string hash, string? parent)
    {
        if (Exists(hash))
            return hash;
        if (message.Role != "assistant")
            return null;
        // A plain resent answer is its own echo form: its hash is the alias key of a stored answer with reasoning.
        var echoHash = EchoForm.Differs(message) ? MessageHasher.Hash(EchoForm.Of(message), parent) : hash;
        return connection.Scalar(tx, """
            SELECT a.message_hash FROM prompt_capture_message_aliases a
            WHERE a.echo_hash = $echo
            ORDER BY EXISTS (SELECT 1 FROM threads t WHERE t.tip_message_hash = a.message_hash) DESC, a.rowid DESC
            LIMIT 1
            """, ("$echo", echoHash)) as string;
    }

    /// <summary>Inserts a message and its parts unless the hash is already stored (insert-or-ignore settles races).</summary>
    private void Insert(LlmMessage message, string hash, string? parent)
    {
        var inserted = connection.Execute(tx, """
            INSERT OR IGNORE INTO messages (hash, parent_hash, role, provider_metadata) VALUES ($hash, $parent, $role, NULL)
            """, ("$hash", hash), ("$parent", parent), ("$role", message.Role));
        if (inserted == 0)
            return;
        for (var position = 0; position < message.Parts.Count; position++)
            InsertPart(hash, position, message.Parts[position]);
    }

    /// <summary>One parts row: literal text in the text column, the rest of to_dict as the JSON payload.</summary>
    private void InsertPart(string messageHash, int position, LlmPart part)
    {
        connection.Execute(tx, """
            INSERT INTO parts (message_hash, position, type, tool_name, text, payload)
            VALUES ($hash, $position, $type, $toolName, $text, $payload)
            """,
            ("$hash", messageHash), ("$position", SqlValues.Of(position)), ("$type", part.Type),
            ("$toolName", part.ToolName), ("$text", part.HasText ? part.Text ?? "" : null),
            ("$payload", part.PayloadJson()));
        if (part.Attachment is not { } attachment)
            return;
        // Only attachments need the part's id; asking for it on every part (RETURNING) cost more than this lookup.
        var partId = (long)connection.Scalar(tx, "SELECT last_insert_rowid()")!;
        connection.Execute(tx, """
            INSERT OR REPLACE INTO attachments (id, type, path, url, content) VALUES ($id, $type, NULL, $url, $content)
            """, ("$id", attachment.Id), ("$type", attachment.MimeType), ("$url", attachment.Url),
            ("$content", attachment.Content));
        connection.Execute(tx, """
            INSERT OR IGNORE INTO part_attachments (part_id, attachment_id, "order") VALUES ($part, $id, 0)
            """, ("$part", partId), ("$id", attachment.Id));
    }
}
