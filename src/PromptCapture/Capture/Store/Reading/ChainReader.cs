using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// Loads message chains as llm's LogStore.load_chain does (payloads decoded, fragment references resolved,
/// attachments looked up), caching messages shared between the turns of one listing.
/// </summary>
internal sealed class ChainReader(SqliteConnection connection)
{
    /// <summary>Messages already read, by hash: (parent, message).</summary>
    private readonly Dictionary<string, (string? Parent, StoredMessage Message)> _cache = new(StringComparer.Ordinal);

    /// <summary>The chain ending at <paramref name="tip"/>, root first; empty for a null tip.</summary>
    public List<StoredMessage> Load(string? tip)
    {
        var chain = new List<StoredMessage>();
        for (var hash = tip; hash is not null;)
        {
            if (!_cache.TryGetValue(hash, out var entry))
            {
                entry = Read(hash);
                _cache[hash] = entry;
            }
            chain.Add(entry.Message);
            hash = entry.Parent;
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>Reads one message row and its parts; a hash with no row reads as an empty message ending the chain.</summary>
    private (string? Parent, StoredMessage Message) Read(string hash)
    {
        var row = connection.Query(null, "SELECT parent_hash, role, provider_metadata FROM messages WHERE hash = $h", ("$h", hash));
        if (row.Count == 0)
            return (null, new StoredMessage(hash, "unknown", [], null));
        var parts = connection.Query(null,
                "SELECT id, type, text, payload FROM parts WHERE message_hash = $h ORDER BY position", ("$h", hash))
            .Select(p => ToPart((long)p[0]!, (string)p[1]!, p[2] as string, Json(p[3] as string)))
            .ToList();
        return (row[0][0] as string, new StoredMessage(hash, (string)row[0][1]!, parts, Json(row[0][2] as string)));
    }

    /// <summary>A part with its text (the text column, else its text_ref pieces joined) and its attachments.</summary>
    private StoredPart ToPart(long id, string type, string? text, JsonElement? payload)
    {
        text ??= TextFromReferences(payload);
        var attachmentIds = new List<string>();
        if (type == "attachment" && Property(payload, "attachment") is { ValueKind: JsonValueKind.Object } one && Id(one) is { } single)
            attachmentIds.Add(single);
        if (type == "tool_result" && Property(payload, "attachments") is { ValueKind: JsonValueKind.Array } many)
            attachmentIds.AddRange(many.EnumerateArray().Select(Id).OfType<string>());
        return new StoredPart(id, type, text, payload, attachmentIds.Select(Attachment).OfType<AttachmentSummary>().ToList());
    }

    /// <summary>llm's _decode_text_refs: literal pieces as they are, fragment pieces as the fragment's content ("" if gone).</summary>
    private string? TextFromReferences(JsonElement? payload)
    {
        if (Property(payload, "text_ref") is not { ValueKind: JsonValueKind.Array } pieces)
            return payload is { } p && p.TryGetProperty("text", out var inline) && inline.ValueKind == JsonValueKind.String ? inline.GetString() : null;
        var text = new StringBuilder();
        foreach (var piece in pieces.EnumerateArray())
        {
            if (piece.TryGetProperty("literal", out var literal))
                text.Append(literal.GetString());
            else if (piece.TryGetProperty("fragment", out var fragment) && fragment.TryGetInt64(out var fragmentId))
                text.Append(connection.Scalar(null, "SELECT content FROM fragments WHERE id = $id", ("$id", fragmentId)) as string);
        }
        return text.ToString();
    }

    /// <summary>The attachments row behind an id, summarised; null when the row is missing.</summary>
    private AttachmentSummary? Attachment(string id)
    {
        var rows = connection.Query(null,
            "SELECT id, type, path, url, length(CAST(content AS BLOB)) FROM attachments WHERE id = $id", ("$id", id));
        if (rows.Count == 0)
            return null;
        var r = rows[0];
        return new AttachmentSummary((string)r[0]!, r[1] as string, r[2] as string, r[3] as string, r[4] is long n && n > 0 ? n : null);
    }

    /// <summary>The "id" of a {"id": ...} reference.</summary>
    private static string? Id(JsonElement reference) =>
        reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>A property of an optional object.</summary>
    private static JsonElement? Property(JsonElement? payload, string name) =>
        payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Parses a JSON column; null when empty or not JSON (llm would fail on it; a listing should not).</summary>
    internal static JsonElement? Json(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        try
        {
            return PythonJson.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
