using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using PromptCapture.Exchange;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// The rows llm writes around a turn that are not messages: tools (ensure_tool), schemas (make_schema_id) and
/// the JSON columns of the turn itself, each in the exact text form llm produces.
/// </summary>
internal static class TurnExtras
{
    /// <summary>
    /// llm's ensure_tool: hash = sha256 of json.dumps({"name", "description", "input_schema"}), row inserted once
    /// per hash; returns tools.id.
    /// </summary>
    public static long EnsureTool(SqliteConnection connection, SqliteTransaction tx, ExchangeTool tool)
    {
        object inputSchema = tool.Parameters is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } p
            ? p : new PyDict();
        var hash = ToolHash(tool.Name, tool.Description, inputSchema);
        connection.Execute(tx, """
            INSERT INTO tools (hash, name, description, input_schema, plugin)
            VALUES ($hash, $name, $description, $schema, NULL)
            ON CONFLICT(hash) DO NOTHING
            """, ("$hash", hash), ("$name", tool.Name), ("$description", tool.Description),
            ("$schema", PythonJson.Dumps(inputSchema)));
        return (long)connection.Scalar(tx, "SELECT id FROM tools WHERE hash = $hash", ("$hash", hash))!;
    }

    /// <summary>Tool.hash() of llm for a tool without a plugin.</summary>
    public static string ToolHash(string name, string? description, object inputSchema) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(PythonJson.Dumps(new PyDict
        {
            ["name"] = name,
            ["description"] = description,
            ["input_schema"] = inputSchema,
        }))));

    /// <summary>
    /// llm's make_schema_id: content = json.dumps(schema, separators=(",", ":")), id = its BLAKE2b-128 hex;
    /// inserted once; returns the id, or null when there is no schema.
    /// </summary>
    public static string? EnsureSchema(SqliteConnection connection, SqliteTransaction tx, JsonElement? schema)
    {
        if (schema is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value)
            return null;
        var content = PythonJson.Compact(value);
        var id = Blake2b.Hash128Hex(content);
        connection.Execute(tx, "INSERT OR IGNORE INTO schemas (id, content) VALUES ($id, $content)",
            ("$id", id), ("$content", content));
        return id;
    }

    /// <summary>options_json: json.dumps of the options that are not None, or NULL when none are set.</summary>
    public static string? OptionsJson(IReadOnlyList<KeyValuePair<string, JsonElement>> options, bool ensureAscii = true)
    {
        var dict = new PyDict();
        foreach (var (key, value) in options)
        {
            if (value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                dict[key] = value;
        }
        return dict.Count == 0 ? null : PythonJson.Dumps(dict, sortKeys: false, compact: false, ensureAscii);
    }

    /// <summary>token_details: json.dumps of the details, or NULL when empty.</summary>
    public static string? TokenDetailsJson(IReadOnlyList<KeyValuePair<string, long>> details)
    {
        if (details.Count == 0)
            return null;
        var dict = new PyDict();
        foreach (var (key, value) in details)
            dict[key] = value;
        return PythonJson.Dumps(dict);
    }

    /// <summary>
    /// response_json: the gateway's JSON re-dumped as Python would (llm stores json.dumps of the response);
    /// kept verbatim if it is not JSON. llm's condense_json step is skipped: it only shortens long strings.
    /// </summary>
    public static ReadOnlyMemory<char>? ResponseJson(string? json)
    {
        if (json is null)
            return null;
        try
        {
            // Read in place (no detached copy of the document): it is dumped once, bound at once and dropped, so
            // the dump stays in the thread's scratch buffer instead of becoming the record's largest string.
            using var document = JsonDocument.Parse(json);
            return PythonJson.DumpsToScratch(document.RootElement);
        }
        catch (JsonException)
        {
            return json.AsMemory();
        }
    }
}
