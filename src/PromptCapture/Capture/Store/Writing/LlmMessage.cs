using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>An attachment as llm identifies it: content-addressed id plus what the attachments row needs.</summary>
/// <param name="Id">sha256 hex of the bytes, or of <c>json.dumps({"url": url})</c> for URL attachments.</param>
/// <param name="MimeType">The media type; part of the hash because the model sees it.</param>
/// <param name="Content">The bytes, for inline (data URL) attachments.</param>
/// <param name="Url">The URL, for remote attachments.</param>
public sealed record LlmAttachment(string Id, string? MimeType, byte[]? Content, string? Url);

/// <summary>
/// One llm part: its type, the text of text/reasoning parts, the other <c>to_dict()</c> keys in llm's order,
/// and an attachment; enough to hash it and to write its parts row.
/// </summary>
/// <param name="Type">llm part type: text, reasoning, tool_call, tool_result or attachment.</param>
/// <param name="Text">Text of text and reasoning parts, else null.</param>
/// <param name="Extra">The remaining to_dict keys (name, arguments, output, tool_call_id...) in producer order.</param>
/// <param name="Attachment">The attachment of an attachment part.</param>
public sealed record LlmPart(string Type, string? Text, PyDict Extra, LlmAttachment? Attachment = null)
{
    /// <summary>Whether the part keeps a text key (text and reasoning parts always do, even when empty).</summary>
    public bool HasText => Type is "text" or "reasoning";

    /// <summary>The parts.tool_name column: llm stores the payload's "name" key.</summary>
    public string? ToolName => Extra["name"] as string;

    /// <summary>to_dict() with the attachment reduced to {"id", "type"}, the form llm hashes.</summary>
    public PyDict ToHashDict()
    {
        var dict = new PyDict { ["type"] = Type };
        if (HasText) dict["text"] = Text ?? "";
        foreach (var (key, value) in Extra) dict[key] = value;
        if (Attachment is not null)
            dict["attachment"] = new PyDict { ["id"] = Attachment.Id, ["type"] = Attachment.MimeType };
        return dict;
    }

    /// <summary>
    /// The parts.payload column: to_dict() minus type and literal text, attachment reduced to its id, as plain
    /// json.dumps; null when nothing is left (a plain text part).
    /// </summary>
    public string? PayloadJson()
    {
        if (Extra.Count == 0 && Attachment is null)
            return null; // most parts: no copy to find that out
        var payload = Extra.Copy();
        if (Attachment is not null)
            payload["attachment"] = new PyDict { ["id"] = Attachment.Id };
        return payload.Count == 0 ? null : PythonJson.Dumps(payload);
    }

    /// <summary>A plain text part.</summary>
    public static LlmPart TextPart(string text) => new("text", text, new PyDict());
}

/// <summary>One llm message: its llm role and its parts.</summary>
/// <param name="Role">llm role: system, user, assistant or tool.</param>
/// <param name="Parts">Parts in order.</param>
public sealed record LlmMessage(string Role, IReadOnlyList<LlmPart> Parts)
{
    /// <summary>llm's <c>Message.to_dict()</c> in hashing form (we never set provider_metadata).</summary>
    public PyDict ToHashDict() => new()
    {
        ["role"] = Role,
        ["parts"] = Parts.Select(p => (object?)p.ToHashDict()).ToList(),
    };

    /// <summary>Concatenated text of the text parts, the way llm derives prompts and responses.</summary>
    public string TextOf(string type = "text")
    {
        // Nearly every message has one such part: its text is the answer, with no joining.
        string? single = null;
        var count = 0;
        for (var i = 0; i < Parts.Count; i++)
        {
            if (Parts[i].Type == type && count++ == 0)
                single = Parts[i].Text ?? "";
        }
        return count switch
        {
            0 => "",
            1 => single!,
            _ => string.Concat(Parts.Where(p => p.Type == type).Select(p => p.Text ?? "")),
        };
    }
}
