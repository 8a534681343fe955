namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// The form in which an OpenAI client sends an assistant answer back on the next turn: no reasoning, the text
/// joined into one content string (dropped when empty), then the tool calls. The answer we stored (with its
/// reasoning) hashes differently, so an alias from this form's hash lets a resent history find the stored one.
/// </summary>
public static class EchoForm
{
    /// <summary>
    /// False when the echo form is the message itself (one plain, non-empty text part: the usual answer), so its
    /// hash need not be computed a second time.
    /// </summary>
    public static bool Differs(LlmMessage message) =>
        !(message.Parts.Count == 1 && message.Parts[0] is { Type: "text", Text.Length: > 0, Attachment: null } part && part.Extra.Count == 0);

    /// <summary>The echo form of a message; other part kinds are kept in order after the text.</summary>
    public static LlmMessage Of(LlmMessage message)
    {
        var parts = new List<LlmPart>();
        var text = message.TextOf();
        if (text.Length > 0)
            parts.Add(LlmPart.TextPart(text));
        parts.AddRange(message.Parts.Where(p => p.Type is not ("text" or "reasoning")));
        return message with { Parts = parts };
    }
}
