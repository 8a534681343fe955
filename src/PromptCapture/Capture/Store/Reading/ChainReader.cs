using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>Loads message chains (text and reasoning parts only), caching messages shared between turns.</summary>
internal sealed class ChainReader(SqliteConnection connection)
{
    /// <summary>Messages already read, by hash: (parent, message).</summary>
    private readonly Dictionary<string, (string? Parent, LlmMessage Message)> _cache = new(StringComparer.Ordinal);

    /// <summary>The chain ending at <paramref name="tip"/>, root first; empty for a null tip.</summary>
    public List<LlmMessage> Load(string? tip)
    {
        var chain = new List<LlmMessage>();
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

    /// <summary>Reads one message row and its text-bearing parts.</summary>
    private (string? Parent, LlmMessage Message) Read(string hash)
    {
        var row = connection.Query(null, "SELECT parent_hash, role FROM messages WHERE hash = $h", ("$h", hash));
        if (row.Count == 0)
            return (null, new LlmMessage("unknown", []));
        var parts = connection.Query(null,
                "SELECT type, text FROM parts WHERE message_hash = $h ORDER BY position", ("$h", hash))
            .Select(p => new LlmPart((string)p[0]!, p[1] as string, new PyDict()))
            .ToList();
        return (row[0][0] as string, new LlmMessage((string)row[0][1]!, parts));
    }
}
