using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// Our prompt_capture_requests rows, looked up by turn for the logs listing; copes with databases that lack the
/// table (llm's own) or the front_door column (captured before it existed).
/// </summary>
internal sealed class RequestRows : IDisposable
{
    /// <summary>The lookup, or null when the table is missing.</summary>
    private readonly SqliteCommand? _command;

    /// <summary>Prepares the lookup against what this database has.</summary>
    public RequestRows(SqliteConnection connection)
    {
        if (!connection.TableExists(null, "prompt_capture_requests"))
            return;
        var hasFrontDoor = connection.Query(null, "SELECT 1 FROM pragma_table_info('prompt_capture_requests') WHERE name = 'front_door'").Count > 0;
        _command = connection.CreateCommand();
        _command.CommandText = $"SELECT user_agent, {(hasFrontDoor ? "front_door" : "NULL")} FROM prompt_capture_requests WHERE turn_id = $turn LIMIT 1";
        _command.Parameters.Add("$turn", SqliteType.Text);
    }

    /// <summary>Frees the prepared lookup.</summary>
    public void Dispose() => _command?.Dispose();

    /// <summary>The request row of a turn, or null for a turn llm wrote.</summary>
    public CapturedRequest? Find(string turnId)
    {
        if (_command is null)
            return null;
        _command.Parameters[0].Value = turnId;
        using var reader = _command.ExecuteReader();
        return reader.Read() ? new CapturedRequest(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }
}
