using System.Text.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// Reads the latest captures back for the <c>logs</c> command, rebuilding prompt and response from the message
/// chain as llm logs does. Only llm 0.32 turns are read (ours and llm's own); legacy <c>responses</c> rows of
/// llm 0.31 and earlier are left to <c>llm logs</c> itself.
/// </summary>
/// <param name="databasePath">The logs.db to read; opened read-only, never migrated.</param>
public sealed class LogReader(string databasePath)
{
    /// <summary>The newest <paramref name="count"/> turns, oldest first (the order llm logs prints); 0 means all.</summary>
    public IReadOnlyList<LogEntry> ReadLatest(int count)
    {
        var entries = Read(count, join: "", where: "", orderBy: "turns.id DESC", requires: "turns");
        entries.Reverse();
        return entries;
    }

    /// <summary>
    /// Turns matching an FTS5 query over llm's turn_search index, as <c>llm logs -q</c> finds them: the query goes
    /// to MATCH as typed (FTS5 syntax: words, "phrases", OR, NOT, prefix*), best match first by
    /// bm25(turn_search_fts, 10.0, 1.0), which weighs the prompt ten times the response; newest first with
    /// <paramref name="latest"/>. 0 means all matches. Throws <see cref="InvalidSearchQueryException"/> for a query
    /// FTS5 cannot parse.
    /// </summary>
    public IReadOnlyList<LogEntry> Search(string query, int count, bool latest)
    {
        try
        {
            return Read(count,
                join: """
                    JOIN turn_search ON turn_search.turn_id = turns.id
                    JOIN turn_search_fts ON turn_search_fts.rowid = turn_search.id
                    """,
                where: "WHERE turn_search_fts MATCH $query",
                orderBy: latest ? "turns.id DESC" : SearchRank,
                requires: "turn_search_fts",
                ("$query", query));
        }
        catch (SqliteException ex) when (InvalidSearchQueryException.IsQueryError(ex))
        {
            throw InvalidSearchQueryException.From(ex);
        }
    }

    /// <summary>llm 0.32's ranking for -q (TURN_SEARCH_RANK): bm25 is lower-better, so ascending is best first.</summary>
    private const string SearchRank = "bm25(turn_search_fts, 10.0, 1.0)";

    /// <summary>
    /// Turns with their thread and client, in the given order, newest-first style (LIMIT applies to that order);
    /// empty when the file or the <paramref name="requires"/> table is missing.
    /// </summary>
    private List<LogEntry> Read(int count, string join, string where, string orderBy, string requires, params (string Name, object? Value)[] parameters)
    {
        if (!File.Exists(databasePath))
            return [];
        using var connection = ReadOnlyDatabase.Open(databasePath);
        if (!connection.TableExists(null, requires))
            return [];
        var hasRequests = connection.TableExists(null, "prompt_capture_requests");
        var rows = connection.Query(null, $"""
            SELECT turns.id, turns.model, turns.resolved_model, turns.thread_id, threads.name, turns.datetime_utc,
                   turns.parent_message_hash, turns.tip_message_hash, turns.input_tokens, turns.output_tokens,
                   turns.token_details, turns.duration_ms,
                   {(hasRequests ? "(SELECT user_agent FROM prompt_capture_requests r WHERE r.turn_id = turns.id)" : "NULL")}
            FROM turns LEFT JOIN threads ON threads.id = turns.thread_id
            {join}
            {where}
            ORDER BY {orderBy}
            {(count > 0 ? "LIMIT $count" : "")}
            """, [.. parameters, ("$count", count)]);
        var chains = new ChainReader(connection);
        return rows.Select(r => ToEntry(r, chains)).ToList();
    }

    /// <summary>The same entries as a JSON array with llm's snake_case key names, for scripts.</summary>
    public string ReadLatestJson(int count) => ToJson(ReadLatest(count));

    /// <summary>Serializes entries as an indented JSON array.</summary>
    public static string ToJson(IReadOnlyList<LogEntry> entries)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var e in entries)
            {
                json.WriteStartObject();
                json.WriteString("id", e.Id);
                json.WriteString("model", e.Model);
                json.WriteString("resolved_model", e.ResolvedModel);
                json.WriteString("conversation_id", e.ConversationId);
                json.WriteString("conversation_name", e.ConversationName);
                json.WriteString("datetime_utc", e.DatetimeUtc);
                json.WriteString("prompt", e.Prompt);
                json.WriteString("system", e.System);
                json.WriteString("response", e.Response);
                json.WriteString("reasoning", e.Reasoning);
                WriteNumber(json, "input_tokens", e.InputTokens);
                WriteNumber(json, "output_tokens", e.OutputTokens);
                json.WriteString("token_details", e.TokenDetails);
                WriteNumber(json, "duration_ms", e.DurationMs);
                json.WriteString("user_agent", e.UserAgent);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a nullable number as a number or null.</summary>
    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    /// <summary>Builds an entry: the prompt is the trailing user run before the parent, the response what follows it.</summary>
    private static LogEntry ToEntry(object?[] r, ChainReader chains)
    {
        var inputs = chains.Load(r[6] as string);
        var all = chains.Load(r[7] as string);
        var outputs = all.Skip(inputs.Count).ToList();
        var reasoning = string.Concat(outputs.Select(m => m.TextOf("reasoning")));
        return new LogEntry(
            Id: (string)r[0]!,
            Model: r[1] as string,
            ResolvedModel: r[2] as string,
            ConversationId: r[3] as string,
            ConversationName: r[4] as string,
            DatetimeUtc: r[5] as string,
            Prompt: LlmLogWriter.TrailingUserText(inputs),
            System: inputs.Count > 0 && inputs[0].Role == "system" ? inputs[0].TextOf() : null,
            Response: string.Concat(outputs.Select(m => m.TextOf())),
            Reasoning: reasoning.Length > 0 ? reasoning : null,
            InputTokens: r[8] as long?,
            OutputTokens: r[9] as long?,
            TokenDetails: r[10] as string,
            DurationMs: r[11] as long?,
            UserAgent: r[12] as string);
    }
}
