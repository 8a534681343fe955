using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// One conversation in full for the viewer: every turn with the messages it added, its answer, tools, options and how
/// it arrived; plus the pieces the viewer shows on demand (an attachment's bytes, a turn's request to send again).
/// </summary>
/// <param name="databasePath">The logs.db to read; opened read-only, never created.</param>
public sealed class ConversationReader(string databasePath)
{
    /// <summary>The thread and its turns oldest first, or null when there is no such thread.</summary>
    public ConversationDetail? Read(string threadId)
    {
        using var connection = ReadOnlyDatabase.OpenIfReady(databasePath, "turns");
        if (connection is null)
            return null;
        var thread = connection.Query(null, "SELECT id, name, forked_from FROM threads WHERE id = $id", ("$id", threadId));
        var turns = TurnRows(connection, "t.thread_id = $id ORDER BY t.id", threadId);
        if (thread.Count == 0 && turns.Count == 0)
            return null;
        var chains = new ChainReader(connection);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var views = new List<TurnView>(turns.Count);
        foreach (var row in turns)
        {
            var input = chains.Load(row.Parent);
            var all = chains.Load(row.Tip);
            var output = all.Skip(input.Count).ToList();
            var added = input.Where(m => !shown.Contains(m.Hash)).ToList();
            shown.UnionWith(all.Select(m => m.Hash));
            views.Add(new TurnView(row.Id, row.Model, row.ResolvedModel, row.DatetimeUtc, row.DurationMs, row.InputTokens,
                row.OutputTokens, JsonText.Parse(row.TokenDetails), JsonText.Parse(row.Options), JsonText.Parse(row.Schema),
                Tools(connection, row.Id), row.Request, added, output));
        }
        return new ConversationDetail(threadId, thread.Count > 0 ? thread[0][1] as string : null,
            thread.Count > 0 ? thread[0][2] as string : null, views);
    }

    /// <summary>The request of one turn as it was sent (the whole chain up to its prompt), or null when there is no such turn.</summary>
    public ReplayableRequest? ReadRequest(string turnId)
    {
        using var connection = ReadOnlyDatabase.OpenIfReady(databasePath, "turns");
        if (connection is null)
            return null;
        var rows = TurnRows(connection, "t.id = $id", turnId);
        if (rows.Count == 0)
            return null;
        var row = rows[0];
        return new ReplayableRequest(row.Model, new ChainReader(connection).Load(row.Parent), JsonText.Parse(row.Options),
            Tools(connection, row.Id), JsonText.Parse(row.Schema), row.Request?.Stream ?? false);
    }

    /// <summary>An attachment's media type and bytes, or null when it is unknown or was stored as a URL only.</summary>
    public (string? Type, byte[] Content)? ReadAttachment(string id)
    {
        using var connection = ReadOnlyDatabase.OpenIfReady(databasePath, "attachments");
        if (connection is null)
            return null;
        var rows = connection.Query(null, "SELECT type, content FROM attachments WHERE id = $id", ("$id", id));
        return rows.Count == 1 && rows[0][1] is byte[] content ? (rows[0][0] as string, content) : null;
    }

    /// <summary>One turns row with its schema and request row.</summary>
    private sealed record TurnRow(string Id, string? Parent, string? Tip, string? Model, string? ResolvedModel, string? Options,
        string? Schema, long? InputTokens, long? OutputTokens, string? TokenDetails, long? DurationMs, string? DatetimeUtc, TurnRequest? Request);

    /// <summary>Turns matching <paramref name="condition"/> (which uses $id).</summary>
    private static List<TurnRow> TurnRows(SqliteConnection connection, string condition, string id)
    {
        var columns = RequestColumns.Of(connection);
        var hasSchemas = connection.TableExists(null, "schemas");
        return connection.Query(null, $"""
            SELECT t.id, t.parent_message_hash, t.tip_message_hash, t.model, t.resolved_model, t.options_json,
                   {(hasSchemas ? "(SELECT content FROM schemas s WHERE s.id = t.schema_id)" : "NULL")},
                   t.input_tokens, t.output_tokens, t.token_details, t.duration_ms, t.datetime_utc,
                   {columns.FrontDoor("r")}, {columns.SessionId("r")}, {columns.Column("r", "user_agent")},
                   {columns.Column("r", "remote_address")}, {columns.Column("r", "stream")}, {columns.Column("r", "http_status")},
                   {columns.Column("r", "request_id")}, {columns.Column("r", "provider")}, {columns.Column("r", "upstream_model")},
                   {(columns.HasRequests ? "r.turn_id IS NOT NULL" : "0")}
            FROM turns t
            {columns.Join("r", "t.id")}
            WHERE {condition}
            """, ("$id", id))
            .Select(r => new TurnRow((string)r[0]!, r[1] as string, r[2] as string, r[3] as string, r[4] as string, r[5] as string,
                r[6] as string, r[7] as long?, r[8] as long?, r[9] as string, r[10] as long?, r[11] as string,
                r[21] is 1L
                    ? new TurnRequest((string)r[12]!, r[13] as string, r[14] as string, r[15] as string,
                        r[16] is long stream ? stream != 0 : null, r[17] as long?, r[18] as string, r[19] as string, r[20] as string)
                    : null))
            .ToList();
    }

    /// <summary>The tools a turn offered, in the order they were recorded.</summary>
    private static List<TurnTool> Tools(SqliteConnection connection, string turnId) =>
        !connection.TableExists(null, "turn_tools")
            ? []
            : connection.Query(null, """
                SELECT tools.name, tools.description, tools.input_schema
                FROM turn_tools JOIN tools ON tools.id = turn_tools.tool_id
                WHERE turn_tools.turn_id = $id ORDER BY turn_tools.rowid
                """, ("$id", turnId))
                .Select(r => new TurnTool(r[0] as string, r[1] as string, JsonText.Parse(r[2] as string)))
                .ToList();
}
