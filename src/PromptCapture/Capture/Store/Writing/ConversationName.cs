namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// llm's <c>_conversation_name</c>: whitespace runs collapsed to one space (not stripped), then cut to 32 code
/// points with an ellipsis; threads.name must match what llm would have chosen for the same prompt.
/// </summary>
public static class ConversationName
{
    /// <summary>CONVERSATION_NAME_LENGTH in llm.</summary>
    private const int MaxLength = 32;

    /// <summary>The thread name llm derives from a prompt (or system prompt) text.</summary>
    public static string Of(string text)
    {
        // Collapse and count in one pass, stopping once the name is known to be cut: a long prompt is never copied.
        Span<char> name = stackalloc char[2 * MaxLength + 2];
        var length = 0;
        var points = 0;
        var cutAt = -1; // chars kept when cut: the first MaxLength - 1 code points
        var inSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var space = IsPythonSpace(c);
            if (space && inSpace)
                continue;
            inSpace = space;
            if (points == MaxLength - 1)
                cutAt = length;
            if (points == MaxLength)
                return string.Concat(name[..cutAt], "\u2026");
            points++;
            name[length++] = space ? ' ' : c;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                name[length++] = text[++i];
        }
        return new string(name[..length]);
    }

    /// <summary>Python's <c>\s</c> for str patterns: .NET's white space plus the four separators U+001C..U+001F.</summary>
    private static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';
}
