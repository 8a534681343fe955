using Microsoft.Data.Sqlite;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>A <c>logs -q</c> or viewer search query FTS5 cannot parse; the message is SQLite's, which names the problem.</summary>
/// <param name="message">SQLite's message, e.g. fts5: syntax error near "".</param>
/// <param name="inner">The SQLite error.</param>
public sealed partial class InvalidSearchQueryException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Whether an error from a MATCH query is the query's fault (SQLITE_ERROR: unbalanced quote, stray operator).</summary>
    public static bool IsQueryError(SqliteException ex) => ex.SqliteErrorCode == 1;

    /// <summary>The exception for such an error, with SQLite's own text as Python's sqlite3 reports it to llm.</summary>
    public static InvalidSearchQueryException From(SqliteException ex) =>
        new(SqliteMessage().Match(ex.Message) is { Success: true } m ? m.Groups[1].Value : ex.Message, ex);

    /// <summary>SQLite's own text inside Microsoft.Data.Sqlite's "SQLite Error 1: '...'." wrapper.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex SqliteMessage();
}
