using System.Text;

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
        var collapsed = new StringBuilder(text.Length);
        var inSpace = false;
        foreach (var c in text)
        {
            if (IsPythonSpace(c))
            {
                if (!inSpace) collapsed.Append(' ');
                inSpace = true;
            }
            else
            {
                collapsed.Append(c);
                inSpace = false;
            }
        }
        var result = collapsed.ToString();
        var runes = result.EnumerateRunes().ToList();
        if (runes.Count <= MaxLength)
            return result;
        return string.Concat(runes.Take(MaxLength - 1).Select(r => r.ToString())) + "\u2026";
    }

    /// <summary>Python's <c>\s</c> for str patterns: .NET's white space plus the four separators U+001C..U+001F.</summary>
    private static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';
}
