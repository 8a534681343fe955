using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>What to list: llm logs' -n, --cid / -c, -q and --latest.</summary>
public sealed record LogQuery
{
    /// <summary>How many turns; 0 means all.</summary>
    public int Count { get; init; } = 3;
    /// <summary>Only the turns of this thread (llm's --cid).</summary>
    public string? ConversationId { get; init; }
    /// <summary>An FTS5 query over turn_search (llm's -q).</summary>
    public string? Search { get; init; }
    /// <summary>With <see cref="Search"/>: newest matches first instead of the best.</summary>
    public bool Latest { get; init; }
}

/// <summary>
/// Reads captures back for the <c>logs</c> command exactly as llm 0.32's logs list selects them (LOG_ROWS_SQL),
/// rebuilding each turn from its message chain. Only llm 0.32 turns are read (ours and llm's own); legacy
/// <c>responses</c> rows of llm 0.31 and earlier are left to <c>llm logs</c> itself.
/// </summary>
/// <param name="databasePath">The logs.db to read; opened read-only, never migrated.</param>
public sealed partial class LogReader(string databasePath)
{
    /// <summary>llm 0.32's ranking for -q (TURN_SEARCH_RANK): bm25 is lower-better, so ascending is best first.</summary>
    private const string SearchRank = "bm25(turn_search_fts, 10.0, 1.0)";

    /// <summary>The newest <paramref name="count"/> turns, oldest first (the order llm logs prints); 0 means all.</summary>
    public IReadOnlyList<LogEntry> ReadLatest(int count) => Read(new LogQuery { Count = count });

    /// <summary>
    /// Turns matching an FTS5 query over llm's turn_search index, as <c>llm logs -q</c> finds them: the query goes
    /// to MATCH as typed (FTS5 syntax: words, "phrases", OR, NOT, prefix*), best match first by
    /// bm25(turn_search_fts, 10.0, 1.0), which weighs the prompt ten times the response; newest first with
    /// <paramref name="latest"/>. 0 means all matches. Throws <see cref="InvalidSearchQueryException"/> for a query
    /// FTS5 cannot parse.
    /// </summary>
    public IReadOnlyList<LogEntry> Search(string query, int count, bool latest) =>
        Read(new LogQuery { Search = query, Count = count, Latest = latest });

    /// <summary>
    /// The turns a query selects, in llm's display order: oldest first, except search results, which stay best
    /// (or, with Latest, newest) first. Empty when the file or its tables are missing.
    /// </summary>
    public IReadOnlyList<LogEntry> Read(LogQuery query)
    {
        if (!File.Exists(databasePath))
            return [];
        using var connection = ReadOnlyDatabase.Open(databasePath);
        var search = query.Search is { Length: > 0 } ? query.Search : null;
        if (!connection.TableExists(null, search is null ? "turns" : "turn_search_fts"))
            return [];
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.ConversationId is { Length: > 0 } thread)
        {
            where.Add("turns.thread_id = $thread");
            parameters.Add(("$thread", thread));
        }
        if (search is not null)
        {
            where.Add("turn_search_fts MATCH $query");
            parameters.Add(("$query", search));
        }
        var sql = $"""
            SELECT {LogEntryBuilder.Columns(connection)}
            FROM turns
            LEFT JOIN threads ON turns.thread_id = threads.id
            LEFT JOIN schemas ON turns.schema_id = schemas.id
            {(search is null ? "" : """
                JOIN turn_search ON turn_search.turn_id = turns.id
                JOIN turn_search_fts ON turn_search_fts.rowid = turn_search.id
                """)}
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY {(search is not null && !query.Latest ? SearchRank : "turns.id DESC")}
            {(query.Count > 0 ? "LIMIT " + query.Count : "")}
            """;
        List<object?[]> rows;
        try
        {
            rows = connection.Query(null, sql, [.. parameters]);
        }
        catch (SqliteException ex) when (search is not null && ex.SqliteErrorCode == 1) // SQLITE_ERROR: FTS5 syntax (unbalanced quote, stray operator)
        {
            throw new InvalidSearchQueryException(SqliteMessage().Match(ex.Message) is { Success: true } m ? m.Groups[1].Value : ex.Message, ex);
        }
        using var requests = new RequestRows(connection);
        var builder = new LogEntryBuilder(connection);
        var entries = rows.Select(r => builder.Build(r, requests.Find((string)r[0]!))).ToList();
        if (search is null)
            entries.Reverse();
        return entries;
    }

    /// <summary>
    /// The conversation <c>llm logs -c</c> (and <c>llm -c</c>) continues: the thread of the newest id across turns and
    /// legacy responses (both are ULIDs, so the newest of either wins); null when nothing is logged.
    /// </summary>
    public string? CurrentConversationId()
    {
        if (!File.Exists(databasePath))
            return null;
        using var connection = ReadOnlyDatabase.Open(databasePath);
        var sources = new List<string>();
        if (connection.TableExists(null, "turns"))
            sources.Add("SELECT thread_id AS conversation_id, id FROM turns");
        if (connection.TableExists(null, "responses"))
            sources.Add("SELECT conversation_id, id FROM responses");
        if (sources.Count == 0)
            return null;
        var rows = connection.Query(null, $"SELECT conversation_id FROM ({string.Join(" UNION ALL ", sources)}) ORDER BY id DESC LIMIT 1");
        return rows.Count == 0 ? null : rows[0][0] as string ?? "";
    }

    /// <summary>The same entries as llm logs --json prints them.</summary>
    public string ReadLatestJson(int count) => LogJson.Render(ReadLatest(count));

    /// <summary>SQLite's own text inside Microsoft.Data.Sqlite's "SQLite Error 1: '...'." wrapper, as Python's sqlite3 reports it to llm.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex SqliteMessage();
}
