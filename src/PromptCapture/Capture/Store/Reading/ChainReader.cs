using System.Text.Json;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>Loads message chains, caching messages shared between turns (every turn of a thread repeats its history).</summary>
internal sealed class ChainReader(SqliteConnection connection)
{
    /// <summary>Messages already read, by hash: (parent, message).</summary>
    private readonly Dictionary<string, (string? Parent, StoredMessage Message)> _cache = new(StringComparer.Ordinal);

    /// <summary>The chain ending at <paramref name="tip"/>, root first, as text and reasoning (what <c>logs</c> prints); empty for a null tip.</summary>
    public List<LlmMessage> Load(string? tip) =>
        LoadStored(tip).Select(m => new LlmMessage(m.Role,
            m.Parts.Where(p => p.Type is "text" or "reasoning").Select(p => new LlmPart(p.Type, p.Text, new PyDict())).ToList())).ToList();

    /// <summary>The chain ending at <paramref name="tip"/>, root first, with every part; empty for a null tip.</summary>
    public List<StoredMessage> LoadStored(string? tip)
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

    /// <summary>Reads one message row, its parts and their attachments.</summary>
    private (string? Parent, StoredMessage Message) Read(string hash)
    {
        var row = connection.Query(null, "SELECT parent_hash, role FROM messages WHERE hash = $h", ("$h", hash));
        if (row.Count == 0)
            return (null, new StoredMessage(hash, "unknown", []));
        var parts = connection.Query(null,
                "SELECT id, type, text, tool_name, payload FROM parts WHERE message_hash = $h ORDER BY position", ("$h", hash))
            .Select(p => new StoredPart((string)p[1]!, p[2] as string ?? FragmentText(p[4] as string), p[3] as string, p[4] as string,
                (string)p[1]! == "attachment" ? Attachments((long)p[0]!) : []))
            .ToList();
        return (row[0][0] as string, new StoredMessage(hash, (string)row[0][1]!, parts));
    }

    /// <summary>The attachments of one part, in order, without their bytes.</summary>
    private List<StoredAttachment> Attachments(long partId) =>
        connection.Query(null, """
            SELECT a.id, a.type, a.url, length(a.content)
            FROM part_attachments pa JOIN attachments a ON a.id = pa.attachment_id
            WHERE pa.part_id = $p ORDER BY pa."order"
            """, ("$p", partId))
            .Select(a => new StoredAttachment((string)a[0]!, a[1] as string, a[2] as string, a[3] as long?))
            .ToList();

    /// <summary>
    /// Text llm stored by reference (<c>{"text_ref": [{"fragment": id}, {"literal": "..."}]}</c>, when the text held a
    /// fragment's content), joined back; null when the payload has no reference.
    /// </summary>
    private string? FragmentText(string? payload)
    {
        if (payload is null || !payload.Contains("\"text_ref\"", StringComparison.Ordinal))
            return null;
        try
        {
            using var json = JsonDocument.Parse(payload);
            if (!json.RootElement.TryGetProperty("text_ref", out var refs) || refs.ValueKind != JsonValueKind.Array)
                return null;
            var text = new System.Text.StringBuilder();
            foreach (var piece in refs.EnumerateArray())
            {
                if (piece.TryGetProperty("literal", out var literal) && literal.ValueKind == JsonValueKind.String)
                    text.Append(literal.GetString());
                else if (piece.TryGetProperty("fragment", out var id) && id.TryGetInt64(out var fragmentId))
                    text.Append(connection.Scalar(null, "SELECT content FROM fragments WHERE id = $id", ("$id", fragmentId)) as string);
            }
            return text.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
