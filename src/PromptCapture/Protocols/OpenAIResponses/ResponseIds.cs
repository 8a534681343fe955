using System.Security.Cryptography;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>Makes ids the way OpenAI's Responses API spells them: a prefix and 48 hex digits.</summary>
public static class ResponseIds
{
    /// <summary>A new id with the given prefix (resp, msg, fc, ctc, rs).</summary>
    public static string New(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
