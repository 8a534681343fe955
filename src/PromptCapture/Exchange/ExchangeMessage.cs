using System.Text.Json;

namespace PromptCapture.Exchange;

/// <summary>The kind of one message part; the vocabulary every front door maps into and llm's part types map out of.</summary>
public enum ExchangePartKind
{
    /// <summary>Plain text (llm type "text").</summary>
    Text,
    /// <summary>Model reasoning (llm type "reasoning").</summary>
    Reasoning,
    /// <summary>A tool call made by the model (llm type "tool_call").</summary>
    ToolCall,
    /// <summary>A tool's output sent back by the client (llm type "tool_result").</summary>
    ToolResult,
    /// <summary>An image, audio clip or file (llm type "attachment").</summary>
    Attachment,
}

/// <summary>One part of a message in neutral form: what any wire protocol's content block becomes.</summary>
/// <param name="Kind">Which kind of part this is.</param>
/// <param name="Text">Text for text/reasoning parts; output for tool results.</param>
/// <param name="ToolName">Function name for tool calls and tool results.</param>
/// <param name="ToolCallId">The call id, for tool calls and tool results.</param>
/// <param name="Arguments">The raw argument string of a tool call, exactly as the model sent it.</param>
/// <param name="MimeType">Attachment MIME type (from a data URL or the client, or guessed for a URL).</param>
/// <param name="Content">Attachment bytes, for inline data.</param>
/// <param name="Url">Attachment URL, for http(s) images.</param>
/// <param name="Detail">Image detail level the client asked for (low, high, auto), or null.</param>
public sealed record ExchangePart(
    ExchangePartKind Kind,
    string? Text = null,
    string? ToolName = null,
    string? ToolCallId = null,
    string? Arguments = null,
    string? MimeType = null,
    byte[]? Content = null,
    string? Url = null,
    string? Detail = null);

/// <summary>One message of the conversation: role as OpenAI names them (system, developer, user, assistant, tool) and its parts.</summary>
/// <param name="Role">The role.</param>
/// <param name="Parts">The parts in order.</param>
public sealed record ExchangeMessage(string Role, IReadOnlyList<ExchangePart> Parts);

/// <summary>A tool definition offered to the model, as the client declared it.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Description">Function description, or null.</param>
/// <param name="Parameters">JSON schema of the parameters, or null.</param>
public sealed record ExchangeTool(string Name, string? Description, JsonElement? Parameters);
