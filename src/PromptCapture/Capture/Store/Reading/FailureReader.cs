using System.Text.Json;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>One prompt_capture_failures row: an exchange that failed or was cancelled, kept out of llm's tables.</summary>
/// <param name="Id">Its ULID (sorts with turns).</param>
/// <param name="Model">The alias asked for.</param>
/// <param name="ResolvedModel">The model the upstream reported, if it got that far.</param>
/// <param name="Provider">The providers.json provider.</param>
/// <param name="UpstreamModel">The model id sent upstream.</param>
/// <param name="Outcome">failed or cancelled.</param>
/// <param name="HttpStatus">The status the client got.</param>
/// <param name="ErrorType">The error class.</param>
/// <param name="ErrorMessage">The error, already free of secrets.</param>
/// <param name="DatetimeUtc">When the request started.</param>
/// <param name="DurationMs">Wall time until it ended.</param>
/// <param name="InputTokens">Prompt tokens, if reported.</param>
/// <param name="OutputTokens">Completion tokens, if reported.</param>
/// <param name="FrontDoor">The protocol the client spoke.</param>
/// <param name="SessionId">The client's session, when known.</param>
/// <param name="UserAgent">The client's User-Agent.</param>
/// <param name="RemoteAddress">The client's address.</param>
/// <param name="Stream">Whether the client asked for a stream.</param>
/// <param name="RequestId">The gateway's request id.</param>
/// <param name="RequestMessages">The request's messages in llm's part shapes (detail only).</param>
/// <param name="PartialResponse">Text that arrived before the failure (detail only).</param>
/// <param name="PartialReasoning">Reasoning that arrived before the failure (detail only).</param>
/// <param name="PartialToolCalls">Tool calls that arrived before the failure (detail only).</param>
/// <param name="Options">The request's options (detail only).</param>
public sealed record FailureView(
    string Id, string? Model, string? ResolvedModel, string? Provider, string? UpstreamModel, string? Outcome, long? HttpStatus,
    string? ErrorType, string? ErrorMessage, string? DatetimeUtc, long? DurationMs, long? InputTokens, long? OutputTokens,
    string FrontDoor, string? SessionId, string? UserAgent, string? RemoteAddress, bool? Stream, string? RequestId,
    JsonElement? RequestMessages = null, string? PartialResponse = null, string? PartialReasoning = null,
    JsonElement? PartialToolCalls = null, JsonElement? Options = null);

/// <summary>A page of failures, newest first, and the cursor of the next page (null at the end).</summary>
/// <param name="Items">Rows.</param>
/// <param name="Next">Pass as <c>before</c> for the following page.</param>
public sealed record FailurePage(IReadOnlyList<FailureView> Items, string? Next);

/// <summary>Reads our failures table for the viewer, newest first by its primary key.</summary>
/// <param name="databasePath">The logs.db to read; opened read-only, never created.</param>
public sealed class FailureReader(string databasePath)
{
    /// <summary>The failures table's name.</summary>
    private const string Table = CaptureTables.Prefix + "failures";

    /// <summary>Failures older than <paramref name="before"/> (all when null), newest first, without their heavy columns.</summary>
    public FailurePage List(string? before, int limit)
    {
        limit = Math.Clamp(limit, 1, ConversationListReader.MaxPage);
        var items = Read(before is null ? "1 = 1" : "id < $value", before, limit, detail: false);
        return new FailurePage(items, items.Count == limit ? items[^1].Id : null);
    }

    /// <summary>One failure with everything kept of it, or null.</summary>
    public FailureView? Find(string id) => Read("id = $value", id, 1, detail: true).FirstOrDefault();

    /// <summary>Rows matching <paramref name="condition"/> (which may use $value), newest first.</summary>
    private List<FailureView> Read(string condition, string? value, int limit, bool detail)
    {
        using var connection = ReadOnlyDatabase.OpenIfReady(databasePath, Table);
        if (connection is null)
            return [];
        var frontDoor = connection.ColumnExists(Table, "front_door") ? "coalesce(front_door, 'chat')" : "'chat'";
        var session = connection.ColumnExists(Table, "session_id") ? "session_id" : "NULL";
        var heavy = detail ? "request_messages_json, partial_response, partial_reasoning, partial_tool_calls_json, options_json" : "NULL, NULL, NULL, NULL, NULL";
        return connection.Query(null, $"""
            SELECT id, model, resolved_model, provider, upstream_model, outcome, http_status, error_type,
                   {(detail ? "error_message" : "substr(error_message, 1, 500)")}, datetime_utc, duration_ms, input_tokens, output_tokens,
                   {frontDoor}, {session}, user_agent, remote_address, stream, request_id, {heavy}
            FROM {Table}
            WHERE {condition}
            ORDER BY id DESC
            LIMIT $limit
            """, ("$value", value), ("$limit", limit))
            .Select(r => new FailureView((string)r[0]!, r[1] as string, r[2] as string, r[3] as string, r[4] as string, r[5] as string,
                r[6] as long?, r[7] as string, r[8] as string, r[9] as string, r[10] as long?, r[11] as long?, r[12] as long?,
                (string)r[13]!, r[14] as string, r[15] as string, r[16] as string, r[17] is long stream ? stream != 0 : null, r[18] as string,
                JsonText.Parse(r[19] as string), r[20] as string, r[21] as string, JsonText.Parse(r[22] as string), JsonText.Parse(r[23] as string)))
            .ToList();
    }
}
