namespace PromptCapture.Capture.Store.Reading;

/// <summary>An attachment of a stored part, without its bytes (those are read on their own when shown).</summary>
/// <param name="Id">attachments.id: sha256 of the bytes, or of the URL.</param>
/// <param name="Type">The media type, or null.</param>
/// <param name="Url">The URL of a remote attachment, or null.</param>
/// <param name="Size">Length of the stored bytes, or null when only a URL was kept.</param>
public sealed record StoredAttachment(string Id, string? Type, string? Url, long? Size);

/// <summary>One parts row as stored, so a reader can show every part type, not only text.</summary>
/// <param name="Type">text, reasoning, tool_call, tool_result or attachment.</param>
/// <param name="Text">The literal text, or the fragments it refers to joined, for text and reasoning parts.</param>
/// <param name="ToolName">parts.tool_name for tool calls and results.</param>
/// <param name="Payload">parts.payload: the rest of llm's to_dict as JSON text (arguments, output, tool_call_id...).</param>
/// <param name="Attachments">Attachments of the part, in order.</param>
public sealed record StoredPart(string Type, string? Text, string? ToolName, string? Payload, IReadOnlyList<StoredAttachment> Attachments);

/// <summary>One messages row with its parts, keyed by its content hash so shared history is recognised.</summary>
/// <param name="Hash">messages.hash.</param>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Parts">Parts in position order.</param>
public sealed record StoredMessage(string Hash, string Role, IReadOnlyList<StoredPart> Parts);
