using System.Text.Json;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// One turn as <c>llm logs</c> 0.32 builds it (its _LogRowBuilder plus annotate_log_rows), field for field, plus
/// what our prompt_capture_requests row adds for turns the gateway captured.
/// </summary>
public sealed record LogEntry
{
    /// <summary>turns.id.</summary>
    public required string Id { get; init; }
    /// <summary>The model (for our turns, the alias the client asked for).</summary>
    public string? Model { get; init; }
    /// <summary>The model the upstream reported, if any.</summary>
    public string? ResolvedModel { get; init; }
    /// <summary>turns.options_json, "{}" when NULL (llm's default for turns without options).</summary>
    public string OptionsJson { get; init; } = "{}";
    /// <summary>The thread id (llm calls it conversation).</summary>
    public string? ConversationId { get; init; }
    /// <summary>Wall time of the exchange.</summary>
    public long? DurationMs { get; init; }
    /// <summary>turns.datetime_utc as stored (isoformat).</summary>
    public string? DatetimeUtc { get; init; }
    /// <summary>Prompt tokens, if reported.</summary>
    public long? InputTokens { get; init; }
    /// <summary>Completion tokens, if reported.</summary>
    public long? OutputTokens { get; init; }
    /// <summary>token_details JSON text, if any (llm keeps it as text in --json).</summary>
    public string? TokenDetails { get; init; }
    /// <summary>The thread name.</summary>
    public string? ConversationName { get; init; }
    /// <summary>llm 0.32 fills conversation_model with the turn's own model.</summary>
    public string? ConversationModel { get; init; }
    /// <summary>The JSON schema the turn asked for (schemas.content), if any.</summary>
    public string? SchemaJson { get; init; }
    /// <summary>Text of the turn's trailing user messages.</summary>
    public string Prompt { get; init; } = "";
    /// <summary>Text of the root system message, or null.</summary>
    public string? System { get; init; }
    /// <summary>Text of the answer.</summary>
    public string Response { get; init; } = "";
    /// <summary>Reasoning text of the answer, or null.</summary>
    public string? Reasoning { get; init; }
    /// <summary>The provider's payload with condensed references resolved (decoded JSON tree), or null.</summary>
    public object? ResponseJson { get; init; }
    /// <summary>Fragments the prompt used (turn_fragments kind 'prompt').</summary>
    public IReadOnlyList<LogFragment> PromptFragments { get; init; } = [];
    /// <summary>Fragments the system prompt used.</summary>
    public IReadOnlyList<LogFragment> SystemFragments { get; init; } = [];
    /// <summary>The tools the turn was given (turn_tools).</summary>
    public IReadOnlyList<LogTool> Tools { get; init; } = [];
    /// <summary>Tool calls in the answer.</summary>
    public IReadOnlyList<LogToolCall> ToolCalls { get; init; } = [];
    /// <summary>Tool results among the turn's own input.</summary>
    public IReadOnlyList<LogToolResult> ToolResults { get; init; } = [];
    /// <summary>Attachments among the turn's own input.</summary>
    public IReadOnlyList<AttachmentSummary> Attachments { get; init; } = [];
    /// <summary>Our request row, for turns the gateway captured; null for turns llm wrote itself.</summary>
    public CapturedRequest? Request { get; init; }

    /// <summary>The client's User-Agent from our requests table (null for rows llm wrote).</summary>
    public string? UserAgent => Request?.UserAgent;
}

/// <summary>What the gateway knows of a captured turn that llm's tables have no place for.</summary>
/// <param name="UserAgent">The client's User-Agent header.</param>
/// <param name="FrontDoor">The wire protocol it came in by (chat, responses, messages, ollama, completions), when recorded.</param>
public sealed record CapturedRequest(string? UserAgent, string? FrontDoor);

/// <summary>A fragment a turn used, as llm logs lists it (content cut to 100 characters).</summary>
/// <param name="Hash">fragments.hash.</param>
/// <param name="Content">The content, truncated as llm truncates it without --expand.</param>
/// <param name="Aliases">The fragment's aliases as a JSON array.</param>
public sealed record LogFragment(string Hash, string Content, JsonElement Aliases);

/// <summary>A toolbox instance a tool belongs to.</summary>
/// <param name="Name">tool_instances.name.</param>
/// <param name="Plugin">tool_instances.plugin (shown for results only, as llm does).</param>
/// <param name="Arguments">tool_instances.arguments as stored.</param>
public sealed record LogToolInstance(string? Name, string? Plugin, string? Arguments);

/// <summary>A tool definition a turn was given.</summary>
/// <param name="Id">tools.id.</param>
/// <param name="Hash">tools.hash.</param>
/// <param name="Name">The tool name.</param>
/// <param name="Description">Its description.</param>
/// <param name="InputSchema">Its parameter schema, decoded ({} when NULL).</param>
/// <param name="Instance">The toolbox instance, if the tool came from one.</param>
public sealed record LogTool(long Id, string Hash, string? Name, string? Description, JsonElement InputSchema, LogToolInstance? Instance);

/// <summary>A tool call in an answer.</summary>
/// <param name="Id">The parts row id of the call (tip message only, as llm finds it).</param>
/// <param name="ToolId">The tools.id of the tool by that name among the turn's tools.</param>
/// <param name="Name">The tool name.</param>
/// <param name="Arguments">The arguments as decoded JSON.</param>
/// <param name="ToolCallId">The call id.</param>
public sealed record LogToolCall(long? Id, long? ToolId, string Name, JsonElement? Arguments, string? ToolCallId);

/// <summary>A tool result fed to the model.</summary>
/// <param name="Id">The parts row id of the result.</param>
/// <param name="ToolId">The tools.id of the tool by that name among the turn's tools.</param>
/// <param name="Name">The tool name.</param>
/// <param name="Output">The output as decoded JSON (a string in practice).</param>
/// <param name="ToolCallId">The call id it answers.</param>
/// <param name="Exception">The error text, when the tool failed.</param>
/// <param name="Instance">The toolbox instance that served it, if any.</param>
/// <param name="Attachments">Attachments the tool returned.</param>
public sealed record LogToolResult(long? Id, long? ToolId, string Name, JsonElement? Output, string? ToolCallId, string? Exception,
    LogToolInstance? Instance, IReadOnlyList<AttachmentSummary> Attachments);
