using System.Text.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// Reads the latest captures back for the <c>logs</c> command, rebuilding prompt and response from the message
/// chain as llm logs does. Only llm 0.32 turns are read (ours and llm's own); legacy <c>responses</c> rows of
/// llm 0.31 and earlier are left to <c>llm logs</c> itself.
/// </summary>
/// <param name="databasePath">The logs.db to read; opened read-only, never migrated.</param>
public sealed class LogReader(string databasePath)
{
    /// <summary>The newest <paramref name="count"/> turns, oldest first (the order llm logs prints); 0 means all.</summary>
    public IReadOnlyList<LogEntry> ReadLatest(int count)
    {
        if (!File.Exists(databasePath))
            return [];
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        if (!connection.TableExists(null, "turns"))
            return [];
        var hasRequests = connection.TableExists(null, "prompt_capture_requests");
        var rows = connection.Query(null, $"""
            SELECT turns.id, turns.model, turns.resolved_model, turns.thread_id, threads.name, turns.datetime_utc,
                   turns.parent_message_hash, turns.tip_message_hash, turns.input_tokens, turns.output_tokens,
                   turns.token_details, turns.duration_ms,
                   {(hasRequests ? "(SELECT user_agent FROM prompt_capture_requests r WHERE r.turn_id = turns.id)" : "NULL")}
            FROM turns LEFT JOIN threads ON threads.id = turns.thread_id
            ORDER BY turns.id DESC
            {(count > 0 ? "LIMIT $count" : "")}
            """, ("$count", count));
        var chains = new ChainReader(connection);
        var entries = rows.Select(r => ToEntry(r, chains)).ToList();
        entries.Reverse();
        return entries;
    }

    /// <summary>The same entries as a JSON array with llm's snake_case key names, for scripts.</summary>
    public string ReadLatestJson(int count) => ToJson(ReadLatest(count));

    /// <summary>Serializes entries as an indented JSON array.</summary>
    public static string ToJson(IReadOnlyList<LogEntry> entries)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var e in entries)
            {
                json.WriteStartObject();
                json.WriteString("id", e.Id);
                json.WriteString("model", e.Model);
                json.WriteString("resolved_model", e.ResolvedModel);
                json.WriteString("conversation_id", e.ConversationId);
                json.WriteString("conversation_name", e.ConversationName);
                json.WriteString("datetime_utc", e.DatetimeUtc);
                json.WriteString("prompt", e.Prompt);
                json.WriteString("system", e.System);
                json.WriteString("response", e.Response);
                json.WriteString("reasoning", e.Reasoning);
                WriteNumber(json, "input_tokens", e.InputTokens);
                WriteNumber(json, "output_tokens", e.OutputTokens);
                json.WriteString("token_details", e.TokenDetails);
                WriteNumber(json, "duration_ms", e.DurationMs);
                json.WriteString("user_agent", e.UserAgent);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a nullable number as a number or null.</summary>
    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    /// <summary>Builds an entry: the prompt is the trailing user run before the parent, the response what follows it.</summary>
    private static LogEntry ToEntry(object?[] r, ChainReader chains)
    {
        var inputs = chains.Load(r[6] as string);
        var all = chains.Load(r[7] as string);
        var outputs = all.Skip(inputs.Count).ToList();
        var reasoning = string.Concat(outputs.Select(m => m.TextOf("reasoning")));
        return new LogEntry(
            Id: (string)r[0]!,
            Model: r[1] as string,
            ResolvedModel: r[2] as string,
            ConversationId: r[3] as string,
            ConversationName: r[4] as string,
            DatetimeUtc: r[5] as string,
            Prompt: LlmLogWriter.TrailingUserText(inputs),
            System: inputs.Count > 0 && inputs[0].Role == "system" ? inputs[0].TextOf() : null,
            Response: string.Concat(outputs.Select(m => m.TextOf())),
            Reasoning: reasoning.Length > 0 ? reasoning : null,
            InputTokens: r[8] as long?,
            OutputTokens: r[9] as long?,
            TokenDetails: r[10] as string,
            DurationMs: r[11] as long?,
            UserAgent: r[12] as string);
    }

    /// <summary>Loads message chains (text and reasoning parts only), caching messages shared between turns.</summary>
    private sealed class ChainReader(SqliteConnection connection)
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
}
