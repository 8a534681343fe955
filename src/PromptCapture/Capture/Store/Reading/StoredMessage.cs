using System.Text.Json;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>An attachment as <c>llm logs</c> summarises it: no bytes, only how many there are.</summary>
/// <param name="Id">attachments.id (the content hash).</param>
/// <param name="Type">The stored media type.</param>
/// <param name="Path">A file path, for attachments llm read from disk.</param>
/// <param name="Url">A URL, for remote attachments.</param>
/// <param name="ContentLength">Bytes of inline content; null when there are none (llm prints null, not 0).</param>
public sealed record AttachmentSummary(string Id, string? Type, string? Path, string? Url, long? ContentLength);

/// <summary>
/// One parts row read back as llm's Part.from_dict sees it: the type, the text (references to fragments resolved),
/// the rest of the payload, and the attachments it points at.
/// </summary>
/// <param name="RowId">parts.id, which llm logs shows as a tool call's or result's id.</param>
/// <param name="Type">text, reasoning, tool_call, tool_result or attachment.</param>
/// <param name="Text">The text of text and reasoning parts.</param>
/// <param name="Payload">The payload object (name, arguments, output, tool_call_id, provider_metadata...), if any.</param>
/// <param name="Attachments">The attachment of an attachment part, or a tool result's attachments.</param>
public sealed record StoredPart(long RowId, string Type, string? Text, JsonElement? Payload, IReadOnlyList<AttachmentSummary> Attachments)
{
    /// <summary>A payload key, when present.</summary>
    public JsonElement? Get(string key) =>
        Payload is { ValueKind: JsonValueKind.Object } payload && payload.TryGetProperty(key, out var value) ? value : null;

    /// <summary>A payload key that holds a string; null when absent, null or not a string.</summary>
    public string? GetString(string key) => Get(key) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The tool name of a tool call or result ("" when missing, as llm's dataclass default).</summary>
    public string Name => GetString("name") ?? "";

    /// <summary>The tool call id that pairs a call with its result.</summary>
    public string? ToolCallId => GetString("tool_call_id");
}

/// <summary>One messages row and its parts, in chain order.</summary>
/// <param name="Hash">messages.hash.</param>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Parts">Parts by position.</param>
/// <param name="ProviderMetadata">messages.provider_metadata decoded, if any.</param>
public sealed record StoredMessage(string Hash, string Role, IReadOnlyList<StoredPart> Parts, JsonElement? ProviderMetadata)
{
    /// <summary>Concatenated text of the parts of one type (llm's _text_of: empty texts add nothing).</summary>
    public static string TextOf(IEnumerable<StoredPart> parts, string type) =>
        string.Concat(parts.Where(p => p.Type == type).Select(p => p.Text ?? ""));
}
