using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// SQL for our prompt_capture_requests columns as a file of any age has them: front_door and session_id came later,
/// and a database llm alone wrote has no requests table at all.
/// </summary>
/// <param name="HasRequests">Whether prompt_capture_requests exists.</param>
/// <param name="HasFrontDoor">Whether it has front_door.</param>
/// <param name="HasSessionId">Whether it has session_id.</param>
internal sealed record RequestColumns(bool HasRequests, bool HasFrontDoor, bool HasSessionId)
{
    /// <summary>The requests table's name.</summary>
    public const string Table = CaptureTables.Prefix + "requests";

    /// <summary>Looks at the file's schema once per connection.</summary>
    public static RequestColumns Of(SqliteConnection connection)
    {
        var has = connection.TableExists(null, Table);
        return new RequestColumns(has, has && connection.ColumnExists(Table, "front_door"), has && connection.ColumnExists(Table, "session_id"));
    }

    /// <summary>
    /// The front door of a turn joined as <paramref name="alias"/>: the stored one, else chat for a row we wrote
    /// before the column existed (chat completions was the only door), else llm for a turn with no request row.
    /// </summary>
    public string FrontDoor(string alias) => !HasRequests
        ? "'llm'"
        : HasFrontDoor
            ? $"CASE WHEN {alias}.turn_id IS NULL THEN 'llm' ELSE coalesce({alias}.front_door, 'chat') END"
            : $"CASE WHEN {alias}.turn_id IS NULL THEN 'llm' ELSE 'chat' END";

    /// <summary>A column of the requests row joined as <paramref name="alias"/>, or NULL when the table is missing.</summary>
    public string Column(string alias, string column) => HasRequests ? $"{alias}.{column}" : "NULL";

    /// <summary>session_id of the row joined as <paramref name="alias"/>, or NULL when there is no such column.</summary>
    public string SessionId(string alias) => HasSessionId ? $"{alias}.session_id" : "NULL";

    /// <summary>LEFT JOIN of the requests row of turn <paramref name="turnId"/> as <paramref name="alias"/>, or nothing.</summary>
    public string Join(string alias, string turnId) => HasRequests ? $"LEFT JOIN {Table} {alias} ON {alias}.turn_id = {turnId}" : "";
}
