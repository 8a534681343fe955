using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Keeps failed and cancelled exchanges out of llm's tables (llm only logs completed responses) while still
/// recording what was sent and what arrived before the failure.
/// </summary>
internal static class FailureWriter
{
    /// <summary>Writes one prompt_capture_failures row and returns its id (a ULID, so it sorts with turns).</summary>
    public static string Write(SqliteConnection connection, SqliteTransaction tx, CaptureRecord record, DateTimeOffset now)
    {
        var id = record.TurnId ?? Ulid.NewUlid(now);
        var output = record.Output is null ? null : LlmMessageMapper.Map(record.Output);
        var toolCalls = output?.Parts.Where(p => p.Type == "tool_call").Select(p => (object?)p.Extra).ToList();
        var messages = LlmMessageMapper.MapChain(record.Messages).Select(m => (object?)m.ToHashDict()).ToList();
        var client = record.Client;
        connection.Execute(tx, """
            INSERT INTO prompt_capture_failures (id, model, resolved_model, provider, upstream_model, outcome,
                http_status, error_type, error_message, request_messages_json, partial_response, partial_reasoning,
                partial_tool_calls_json, options_json, input_tokens, output_tokens, duration_ms, datetime_utc,
                user_agent, remote_address, stream, request_id, front_door, session_id)
            VALUES ($id, $model, $resolved, $provider, $upstream, $outcome, $status, $errorType, $errorMessage,
                $messages, $response, $reasoning, $toolCalls, $options, $in, $out, $duration, $at, $ua, $remote,
                $stream, $request, $door, $session)
            """,
            ("$id", id), ("$model", record.Model), ("$resolved", record.ResolvedModel),
            ("$provider", record.Provider), ("$upstream", record.UpstreamModel),
            ("$outcome", record.Outcome == CaptureOutcome.Cancelled ? "cancelled" : "failed"),
            ("$status", record.HttpStatus), ("$errorType", record.ErrorType), ("$errorMessage", record.ErrorMessage),
            ("$messages", Readable(messages)),
            ("$response", output?.TextOf()),
            ("$reasoning", output is null || output.TextOf("reasoning").Length == 0 ? null : output.TextOf("reasoning")),
            ("$toolCalls", toolCalls is { Count: > 0 } ? Readable(toolCalls) : null),
            ("$options", TurnExtras.OptionsJson(record.Options, ensureAscii: false)),
            ("$in", record.InputTokens), ("$out", record.OutputTokens), ("$duration", record.DurationMs),
            ("$at", PythonTime.IsoFormat(record.StartedUtc)), ("$ua", client.UserAgent),
            ("$remote", client.RemoteAddress), ("$stream", client.Stream ? 1 : 0),
            ("$request", client.RequestId), ("$door", client.FrontDoor), ("$session", client.SessionId));
        return id;
    }

    /// <summary>Our own JSON columns keep non-ASCII readable in Datasette; llm never parses them.</summary>
    private static string Readable(object? value) =>
        PythonJson.Dumps(value, sortKeys: false, compact: false, ensureAscii: false);
}
