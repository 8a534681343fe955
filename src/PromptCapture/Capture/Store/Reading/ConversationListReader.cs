using System.Text.Json;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// The viewer's conversation list: threads by their latest turn, newest first, a page at a time, and the same list
/// narrowed by llm's full-text index. Every step walks an index, so the first page costs the same on 100 or 100,000
/// turns (bench/ measures it).
/// </summary>
/// <param name="databasePath">The logs.db to read; opened read-only, never created.</param>
public sealed class ConversationListReader(string databasePath)
{
    /// <summary>Most rows a page may ask for.</summary>
    public const int MaxPage = 200;

    /// <summary>The conversations whose latest turn is older than <paramref name="before"/> (all when null), newest first.</summary>
    public ConversationPage List(string? before, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        using var connection = ReadOnlyDatabase.OpenIfReady(databasePath, "turns");
        if (connection is null)
            return new ConversationPage([], null);
        // A thread is listed at its latest turn: walk turns newest first (the primary key index) and keep a turn only
        // when it is its thread's latest, which the index on turns(thread_id, id) answers at once.
        var page = connection.Query(null, $"""
            SELECT t.thread_id, t.id FROM turns t
            WHERE {(before is null ? "" : "t.id < $before AND")} t.thread_id IS NOT NULL
              AND t.id = (SELECT max(t2.id) FROM turns t2 WHERE t2.thread_id = t.thread_id)
            ORDER BY t.id DESC
            LIMIT $limit
            """, ("$before", before), ("$limit", limit));
        var items = Summaries(connection, page.Select(r => ((string)r[0]!, (string?)null, (string?)null)).ToList());
        return new ConversationPage(items, items.Count == limit ? items[^1].LastTurnId : null);
    }

    /// <summary>
    /// Conversations with a turn matching an FTS5 query over turn_search, as <c>llm logs -q</c> matches (the query goes
    /// to MATCH as typed), listed at their newest match, newest first. Matches are walked in turn_search's rowid order
    /// (rows are added as turns are written), which FTS5 yields without sorting, so only a page's worth is read and
    /// snippeted however common the word; <paramref name="before"/> is the previous page's last search rowid. Throws
    /// <see cref="InvalidSearchQueryException"/> for a query FTS5 cannot parse.
    /// </summary>
    public ConversationPage Search(string query, string? before, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        using var connection = ReadOnlyDatabase.OpenIfReady(databasePath, "turn_search_fts");
        if (connection is null)
            return new ConversationPage([], null);
        try
        {
            long? from = before is not null && long.TryParse(before, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : null;
            var seen = from is { } cursor ? MatchingThreads(connection, query, cursor) : [];
            var picked = new List<(string Thread, string? Match, string? Snippet)>();
            long last = 0;
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT turns.thread_id, turns.id, snippet(turn_search_fts, -1, char(2), char(3), '…', 24), turn_search_fts.rowid
                FROM turn_search_fts
                JOIN turn_search ON turn_search.id = turn_search_fts.rowid
                JOIN turns ON turns.id = turn_search.turn_id
                WHERE turn_search_fts MATCH $query {(from is null ? "" : "AND turn_search_fts.rowid < $before")}
                ORDER BY turn_search_fts.rowid DESC
                """;
            command.Parameters.AddWithValue("$query", query);
            command.Parameters.AddWithValue("$before", (object?)from ?? DBNull.Value);
            using (var reader = command.ExecuteReader())
            {
                while (picked.Count < limit && reader.Read())
                {
                    if (reader.IsDBNull(0) || !seen.Add(reader.GetString(0)))
                        continue;
                    picked.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
                    last = reader.GetInt64(3);
                }
            }
            var items = Summaries(connection, picked);
            return new ConversationPage(items, picked.Count == limit ? last.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        }
        catch (SqliteException ex) when (InvalidSearchQueryException.IsQueryError(ex))
        {
            throw InvalidSearchQueryException.From(ex);
        }
    }

    /// <summary>Threads that matched at or after search row <paramref name="before"/>: an earlier page listed them already.</summary>
    private static HashSet<string> MatchingThreads(SqliteConnection connection, string query, long before) =>
        connection.Query(null, """
            SELECT DISTINCT turns.thread_id
            FROM turn_search_fts
            JOIN turn_search ON turn_search.id = turn_search_fts.rowid
            JOIN turns ON turns.id = turn_search.turn_id
            WHERE turn_search_fts MATCH $query AND turn_search_fts.rowid >= $before
            """, ("$query", query), ("$before", before))
            .Where(r => r[0] is string).Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);

    /// <summary>The list rows of the given threads, in the given order, with their totals and latest turn's client.</summary>
    private static List<ConversationSummary> Summaries(SqliteConnection connection, List<(string Thread, string? Match, string? Snippet)> threads)
    {
        if (threads.Count == 0)
            return [];
        var columns = RequestColumns.Of(connection);
        var ids = JsonSerializer.Serialize(threads.Select(t => t.Thread).ToList(), ReadingJsonContext.Default.ListString);
        var rows = connection.Query(null, $"""
            WITH page AS (SELECT value AS thread_id FROM json_each($ids)),
            agg AS (
              SELECT page.thread_id, count(t.id) AS turns, sum(t.input_tokens) AS input_tokens, sum(t.output_tokens) AS output_tokens,
                     sum(t.duration_ms) AS duration_ms, min(t.id) AS first_id, max(t.id) AS last_id
              FROM page JOIN turns t ON t.thread_id = page.thread_id
              GROUP BY page.thread_id)
            SELECT agg.thread_id, th.name, (SELECT substr(s.prompt, 1, 400) FROM turn_search s WHERE s.turn_id = agg.first_id),
                   last.model, last.resolved_model, {columns.FrontDoor("r")}, {columns.Column("r", "user_agent")},
                   agg.turns, agg.input_tokens, agg.output_tokens, agg.duration_ms, first.datetime_utc, last.datetime_utc, agg.last_id
            FROM agg
            JOIN turns last ON last.id = agg.last_id
            JOIN turns first ON first.id = agg.first_id
            LEFT JOIN threads th ON th.id = agg.thread_id
            {columns.Join("r", "agg.last_id")}
            """, ("$ids", ids));
        var byThread = rows.ToDictionary(r => (string)r[0]!, StringComparer.Ordinal);
        var items = new List<ConversationSummary>(threads.Count);
        foreach (var (thread, match, snippet) in threads)
        {
            if (!byThread.TryGetValue(thread, out var r))
                continue;
            items.Add(new ConversationSummary((string)r[0]!, r[1] as string, r[2] as string, r[3] as string, r[4] as string,
                (string)r[5]!, r[6] as string, (long)r[7]!, r[8] as long?, r[9] as long?, r[10] as long?, r[11] as string,
                r[12] as string, (string)r[13]!, snippet, match));
        }
        return items;
    }
}
