using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Exchange;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// Finds a captured turn by the client's request id (our request row) and rebuilds its whole message chain in neutral
/// form: text, reasoning, tool calls (arguments back as JSON text), tool results and attachments.
/// </summary>
public sealed class CaptureHistory(CaptureStore store) : ICaptureHistory
{
    /// <summary>How long a lookup waits for captures still in the queue (the response asked about may be one of them).</summary>
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public bool Enabled => store.Enabled;

    /// <inheritdoc />
    public async Task<CapturedTurn?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        if (!store.Enabled || store.DatabasePath is not { } path)
            return null;
        try
        {
            await store.FlushAsync(cancellationToken).WaitAsync(FlushWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A slow or locked database: look with what is written.
        }
        if (!File.Exists(path))
            return null;
        using var connection = ReadOnlyDatabase.Open(path);
        return Find(connection, requestId);
    }

    /// <summary>The turn and its chain, read in one connection.</summary>
    internal static CapturedTurn? Find(SqliteConnection connection, string requestId)
    {
        if (!connection.TableExists(null, "prompt_capture_requests"))
            return null;
        var rows = connection.Query(null, """
            SELECT t.model, t.datetime_utc, t.input_tokens, t.output_tokens, t.tip_message_hash, t.parent_message_hash
            FROM prompt_capture_requests r JOIN turns t ON t.id = r.turn_id
            WHERE r.request_id = $id ORDER BY t.id DESC LIMIT 1
            """, ("$id", requestId));
        if (rows.Count == 0)
            return null;
        var row = rows[0];
        var chain = ReadChain(connection, row[4] as string);
        ExchangeMessage? output = null;
        if (chain.Count > 0 && (row[5] as string) != (row[4] as string) && chain[^1].Role == "assistant")
        {
            output = chain[^1];
            chain.RemoveAt(chain.Count - 1);
        }
        var started = DateTimeOffset.TryParse(row[1] as string, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch;
        return new CapturedTurn(requestId, row[0] as string ?? "", started, chain, output, row[2] as long?, row[3] as long?);
    }

    /// <summary>The messages from the root to <paramref name="tip"/>, in order.</summary>
    private static List<ExchangeMessage> ReadChain(SqliteConnection connection, string? tip)
    {
        var chain = new List<ExchangeMessage>();
        for (var hash = tip; hash is not null;)
        {
            var message = connection.Query(null, "SELECT parent_hash, role FROM messages WHERE hash = $h", ("$h", hash));
            if (message.Count == 0)
                break;
            chain.Add(new ExchangeMessage((string)message[0][1]!, ReadParts(connection, hash)));
            hash = message[0][0] as string;
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>The parts of one message in neutral form.</summary>
    private static List<ExchangePart> ReadParts(SqliteConnection connection, string hash)
    {
        var parts = new List<ExchangePart>();
        foreach (var p in connection.Query(null, """
            SELECT p.type, p.tool_name, p.text, p.payload, a.type, a.url, a.content
            FROM parts p LEFT JOIN part_attachments pa ON pa.part_id = p.id LEFT JOIN attachments a ON a.id = pa.attachment_id
            WHERE p.message_hash = $h ORDER BY p.position, pa."order"
            """, ("$h", hash)))
        {
            var payload = p[3] is string json ? JsonDocument.Parse(json).RootElement : default;
            string? Field(string name) => payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v)
                ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
                : null;
            parts.Add((string)p[0]! switch
            {
                "reasoning" => new ExchangePart(ExchangePartKind.Reasoning, p[2] as string),
                "tool_call" => new ExchangePart(ExchangePartKind.ToolCall, ToolName: Field("name") ?? p[1] as string, ToolCallId: Field("tool_call_id"), Arguments: Field("arguments") ?? "{}"),
                "tool_result" => new ExchangePart(ExchangePartKind.ToolResult, Field("output"), Field("name") ?? p[1] as string, Field("tool_call_id")),
                "attachment" => new ExchangePart(ExchangePartKind.Attachment, MimeType: p[4] as string, Content: p[6] as byte[], Url: p[5] as string),
                _ => new ExchangePart(ExchangePartKind.Text, p[2] as string ?? ""),
            });
        }
        return parts;
    }
}
