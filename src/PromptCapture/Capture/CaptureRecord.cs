using System.Text.Json;

namespace PromptCapture.Capture;

/// <summary>How an exchange ended; only <see cref="Succeeded"/> becomes an llm turn, the others go to our failures table.</summary>
public enum CaptureOutcome
{
    /// <summary>The upstream answered completely.</summary>
    Succeeded,
    /// <summary>The upstream failed (error status, broken connection, bad stream).</summary>
    Failed,
    /// <summary>The client went away before the answer was complete.</summary>
    Cancelled,
}

/// <summary>The kind of one message part, named as llm 0.32 names its part types.</summary>
public enum CapturedPartKind
{
    /// <summary>Plain text (llm type "text").</summary>
    Text,
    /// <summary>Model reasoning (llm type "reasoning").</summary>
    Reasoning,
    /// <summary>A tool call made by the model (llm type "tool_call").</summary>
    ToolCall,
    /// <summary>A tool's output sent back by the client (llm type "tool_result").</summary>
    ToolResult,
    /// <summary>An image or file (llm type "attachment").</summary>
    Attachment,
}

/// <summary>One part of a captured message, carrying only what llm's part shapes need.</summary>
/// <param name="Kind">Which llm part type this becomes.</param>
/// <param name="Text">Text for text/reasoning parts; output for tool results.</param>
/// <param name="ToolName">Function name for tool calls and tool results.</param>
/// <param name="ToolCallId">The OpenAI tool call id, for tool calls and tool results.</param>
/// <param name="Arguments">The raw argument string of a tool call, exactly as the model sent it.</param>
/// <param name="MimeType">Attachment MIME type (from a data URL, or guessed for a URL).</param>
/// <param name="Content">Attachment bytes, for data URLs.</param>
/// <param name="Url">Attachment URL, for http(s) images.</param>
public sealed record CapturedPart(
    CapturedPartKind Kind,
    string? Text = null,
    string? ToolName = null,
    string? ToolCallId = null,
    string? Arguments = null,
    string? MimeType = null,
    byte[]? Content = null,
    string? Url = null);

/// <summary>One message of the chain: role as OpenAI names it (system, developer, user, assistant, tool) and its parts.</summary>
/// <param name="Role">The OpenAI role.</param>
/// <param name="Parts">The parts in order.</param>
public sealed record CapturedMessage(string Role, IReadOnlyList<CapturedPart> Parts);

/// <summary>A tool definition offered to the model, as the client declared it.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Description">Function description, or null.</param>
/// <param name="Parameters">JSON schema of the parameters, or null.</param>
public sealed record CapturedTool(string Name, string? Description, JsonElement? Parameters);

/// <summary>Who sent the request and how it was answered; kept beside llm's tables, never in them.</summary>
/// <param name="UserAgent">The client's User-Agent header.</param>
/// <param name="RemoteAddress">The client's address.</param>
/// <param name="Stream">Whether the client asked for a streamed answer.</param>
/// <param name="HttpStatus">Status the gateway returned.</param>
/// <param name="RequestId">The gateway's request id (the chatcmpl- id sent to the client).</param>
public sealed record ClientInfo(string? UserAgent, string? RemoteAddress, bool Stream, int HttpStatus, string RequestId);

/// <summary>
/// Everything the capture filter saw of one exchange, handed to the store; no HTTP types and no secrets.
/// </summary>
public sealed record CaptureRecord
{
    /// <summary>The alias the client asked for (llm's turns.model).</summary>
    public required string Model { get; init; }
    /// <summary>The model id the upstream reported in its answer (turns.resolved_model), or null.</summary>
    public string? ResolvedModel { get; init; }
    /// <summary>The providers.json provider name.</summary>
    public required string Provider { get; init; }
    /// <summary>The model id sent upstream.</summary>
    public required string UpstreamModel { get; init; }
    /// <summary>The request's messages, in order, as the client sent them.</summary>
    public required IReadOnlyList<CapturedMessage> Messages { get; init; }
    /// <summary>The model's answer (role assistant: reasoning, text, tool calls), possibly partial; null when nothing arrived.</summary>
    public CapturedMessage? Output { get; init; }
    /// <summary>Options the client set, in request order, with their JSON values (becomes options_json).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Options { get; init; } = [];
    /// <summary>Tool definitions offered to the model.</summary>
    public IReadOnlyList<CapturedTool> Tools { get; init; } = [];
    /// <summary>The JSON schema of a json_schema response_format, or null.</summary>
    public JsonElement? Schema { get; init; }
    /// <summary>Prompt tokens reported by the upstream.</summary>
    public long? InputTokens { get; init; }
    /// <summary>Completion tokens reported by the upstream.</summary>
    public long? OutputTokens { get; init; }
    /// <summary>Token details (cached, reasoning...) as a flat name -> count map; empty when none.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TokenDetails { get; init; } = [];
    /// <summary>When the request started, UTC.</summary>
    public required DateTimeOffset StartedUtc { get; init; }
    /// <summary>Wall time of the exchange in milliseconds.</summary>
    public long DurationMs { get; init; }
    /// <summary>The upstream's response as JSON text, or null; produced from <see cref="ResponseJsonSource"/> on first read.</summary>
    public string? ResponseJson
    {
        get => _responseJson ??= ResponseJsonSource?.Invoke();
        init => _responseJson = value;
    }

    /// <summary>Makes <see cref="ResponseJson"/> when it is first read, so serialising happens in the background writer, not the request.</summary>
    public Func<string?>? ResponseJsonSource { get; init; }

    /// <summary>Backing field of <see cref="ResponseJson"/>.</summary>
    private string? _responseJson;
    /// <summary>The upstream finish reason in wire spelling (stop, length, tool_calls...), or null.</summary>
    public string? FinishReason { get; init; }
    /// <summary>How the exchange ended.</summary>
    public CaptureOutcome Outcome { get; init; } = CaptureOutcome.Succeeded;
    /// <summary>Error class for failures (e.g. upstream_error, timeout, cancelled), else null.</summary>
    public string? ErrorType { get; init; }
    /// <summary>Error message for failures, already free of secrets, else null.</summary>
    public string? ErrorMessage { get; init; }
    /// <summary>Client details; null when the exchange did not come over HTTP.</summary>
    public ClientInfo? Client { get; init; }
}
