using System.Security.Cryptography;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Makes the "chatcmpl-..." ids the gateway gives each answer (and records as the capture's request id).</summary>
public static class CompletionId
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new id: "chatcmpl-" and 29 random letters and digits, as OpenAI's ids look.</summary>
    public static string New() => "chatcmpl-" + RandomNumberGenerator.GetString(Alphabet, 29);
}
