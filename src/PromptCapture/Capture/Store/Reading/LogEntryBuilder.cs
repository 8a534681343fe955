using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// Turns a turns row into the entry llm logs 0.32 renders (its _LogRowBuilder and log_row_extras): prompt and
/// response from the parent/tip chains, tools, tool calls and results with their parts ids, attachments,
/// fragments, and the resolved provider payload.
/// </summary>
internal sealed class LogEntryBuilder(SqliteConnection connection)
{
    /// <summary>
    /// The turn columns <see cref="Build"/> expects, in order (LOG_ROWS_SQL's select list); the payload is llm's
    /// turns.response_json or, for our turns, the one in prompt_capture_responses when the file has that table.
    /// </summary>
    public static string Columns(SqliteConnection connection) => $"""
        turns.id, turns.model, turns.resolved_model, turns.options_json, turns.thread_id, turns.duration_ms,
        turns.datetime_utc, turns.input_tokens, turns.output_tokens, turns.token_details, turns.parent_message_hash,
        turns.tip_message_hash, {ResponseJson(connection)}, threads.name, turns.model, schemas.content
        """;

    /// <summary>SQL for a turn's provider payload in a file of any age (ours moved out of turns.response_json).</summary>
    private static string ResponseJson(SqliteConnection connection) => connection.TableExists(null, CaptureTables.Responses)
        ? $"coalesce(turns.response_json, (SELECT {CaptureTables.Responses}.response_json FROM {CaptureTables.Responses} WHERE {CaptureTables.Responses}.turn_id = turns.id))"
        : "turns.response_json";

    /// <summary>Chains shared by the turns of one listing.</summary>
    private readonly ChainReader _chains = new(connection);

    /// <summary>Builds one entry from a row of <see cref="Columns"/>; <paramref name="request"/> is our request row, if any.</summary>
    public LogEntry Build(object?[] r, CapturedRequest? request)
    {
        var id = (string)r[0]!;
        var inputs = _chains.Load(r[10] as string);
        var all = _chains.Load(r[11] as string);
        var outputs = all.Skip(inputs.Count).ToList();
        // The turn's own input: the trailing run of user and tool messages (a turn's new input never holds an assistant message).
        var boundary = inputs.Count;
        while (boundary > 0 && inputs[boundary - 1].Role is "user" or "tool")
            boundary--;
        var ownInputs = inputs.Skip(boundary).ToList();
        var inputParts = ownInputs.SelectMany(m => m.Parts).ToList();
        var outputParts = outputs.SelectMany(m => m.Parts).ToList();
        var systemText = inputs.Count > 0 && inputs[0].Role == "system" ? StoredMessage.TextOf(inputs[0].Parts, "text") : "";
        var reasoning = StoredMessage.TextOf(outputParts, "reasoning");
        var schema = r[15] as string;
        var tools = Tools(id);
        var toolIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var tool in tools.Where(t => t.Name is not null))
            toolIds[tool.Name!] = tool.Id;
        var tip = all.Count > 0 && all[^1].Hash == r[11] as string ? new[] { all[^1] } : [];
        var callIds = PartIds(tip, "tool_call");
        var resultIds = PartIds(ownInputs, "tool_result");
        var resultParts = inputParts.Where(p => p.Type == "tool_result").ToList();
        var instances = Instances(id, resultParts.Select(p => p.ToolCallId).OfType<string>().ToList());
        var fragments = Fragments(id);
        return new LogEntry
        {
            Id = id,
            Model = r[1] as string,
            ResolvedModel = r[2] as string,
            OptionsJson = r[3] as string is { Length: > 0 } options ? options : "{}",
            ConversationId = r[4] as string,
            DurationMs = r[5] as long?,
            DatetimeUtc = r[6] as string,
            InputTokens = r[7] as long?,
            OutputTokens = r[8] as long?,
            TokenDetails = r[9] as string,
            ConversationName = r[13] as string,
            ConversationModel = r[14] as string,
            SchemaJson = schema,
            Prompt = StoredMessage.TextOf(ownInputs.Where(m => m.Role == "user").SelectMany(m => m.Parts), "text"),
            System = systemText.Length > 0 ? systemText : null,
            Response = StoredMessage.TextOf(outputParts, "text"),
            Reasoning = reasoning.Length > 0 ? reasoning : null,
            ResponseJson = PayloadResolver.Resolve(r[12] as string, outputs, [.. tools.Select(t => (t.Name, t.Description))], ChainReader.Json(schema)),
            PromptFragments = fragments.Where(f => f.Kind == "prompt").Select(f => f.Fragment).ToList(),
            SystemFragments = fragments.Where(f => f.Kind == "system").Select(f => f.Fragment).ToList(),
            Tools = tools,
            ToolCalls = outputParts.Where(p => p.Type == "tool_call").Select(p => new LogToolCall(
                Lookup(callIds, p.ToolCallId), Lookup(toolIds, p.Name), p.Name, p.Get("arguments"), p.ToolCallId)).ToList(),
            ToolResults = resultParts.Select(p => new LogToolResult(
                Lookup(resultIds, p.ToolCallId), Lookup(toolIds, p.Name), p.Name, p.Get("output"), p.ToolCallId, p.GetString("exception"),
                p.ToolCallId is { } call && instances.TryGetValue(call, out var instance) ? instance : null, p.Attachments)).ToList(),
            Attachments = inputParts.Where(p => p.Type == "attachment").SelectMany(p => p.Attachments).ToList(),
            Request = request,
        };
    }

    /// <summary>The tools of a turn, in the order llm's query returns them.</summary>
    private List<LogTool> Tools(string turnId) => connection.Query(null, """
            SELECT tools.id, tools.hash, tools.name, tools.description, tools.input_schema,
                   tool_instances.name AS instance_name, tool_instances.arguments AS instance_arguments
            FROM tools JOIN turn_tools ON turn_tools.tool_id = tools.id
            LEFT JOIN tool_instances ON tool_instances.id = turn_tools.instance_id
            WHERE turn_tools.turn_id = $turn
            """, ("$turn", turnId))
        .Select(t => new LogTool((long)t[0]!, (string)t[1]!, t[2] as string, t[3] as string,
            ChainReader.Json(t[4] as string) ?? PythonJson.Parse("{}"),
            t[5] is string instanceName && instanceName.Length > 0 ? new LogToolInstance(instanceName, null, t[6] as string) : null))
        .ToList();

    /// <summary>llm's _part_ids: tool_call_id to parts.id across the given messages (the last row wins).</summary>
    private static Dictionary<string, long> PartIds(IEnumerable<StoredMessage> messages, string type)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in messages.SelectMany(m => m.Parts).Where(p => p.Type == type))
            ids[part.ToolCallId ?? NoCallId] = part.RowId;
        return ids;
    }

    /// <summary>Which toolbox instance served each call of this turn.</summary>
    private Dictionary<string, LogToolInstance> Instances(string turnId, List<string> callIds)
    {
        var instances = new Dictionary<string, LogToolInstance>(StringComparer.Ordinal);
        if (callIds.Count == 0)
            return instances;
        foreach (var row in connection.Query(null, """
                     SELECT tool_instantiations.tool_call_id, tool_instances.name, tool_instances.plugin, tool_instances.arguments
                     FROM tool_instantiations JOIN tool_instances ON tool_instances.id = tool_instantiations.instance_id
                     WHERE tool_instantiations.turn_id = $turn
                     """, ("$turn", turnId)))
            if (row[0] is string call && callIds.Contains(call))
                instances[call] = new LogToolInstance(row[1] as string, row[2] as string, row[3] as string);
        return instances;
    }

    /// <summary>The fragments a turn was given, in order, with their kind.</summary>
    private List<(string Kind, LogFragment Fragment)> Fragments(string turnId) => connection.Query(null, """
            SELECT turn_fragments.kind, fragments.hash, fragments.content,
                   (SELECT json_group_array(fragment_aliases.alias) FROM fragment_aliases
                    WHERE fragment_aliases.fragment_id = fragments.id)
            FROM turn_fragments JOIN fragments ON fragments.id = turn_fragments.fragment_id
            WHERE turn_fragments.turn_id = $turn
            ORDER BY turn_fragments."order"
            """, ("$turn", turnId))
        .Select(f => ((string)f[0]!, new LogFragment((string)f[1]!, PythonText.Truncate(f[2] as string ?? ""),
            ChainReader.Json(f[3] as string) ?? PythonJson.Parse("[]"))))
        .ToList();

    /// <summary>Stands for a missing tool_call_id, which Python's dict keys as None like any other key.</summary>
    private const string NoCallId = "\0none";

    /// <summary>dict.get: null for a missing key; a missing call id finds the part that had none.</summary>
    private static long? Lookup(Dictionary<string, long> ids, string? key) => ids.TryGetValue(key ?? NoCallId, out var id) ? id : null;
}
