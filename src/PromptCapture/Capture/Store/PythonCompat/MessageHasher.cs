using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// llm 0.32's message identity: "b2:" + BLAKE2b-128 of the canonical JSON of {"parent", "message"}; the parent
/// takes part, so equal content at a different place in a conversation is a different node.
/// </summary>
public static class MessageHasher
{
    /// <summary>The algorithm tag llm puts in front of every message hash.</summary>
    public const string Prefix = "b2:";

    /// <summary>Hash of a message reached from <paramref name="parentHash"/> (null at a root).</summary>
    public static string Hash(LlmMessage message, string? parentHash) =>
        IsPlainText(message)
            ? PythonJson.CanonicalBlake2b128Hex((message, parentHash), static (json, writer, state) => WritePlainText(json, writer, state.message, state.parentHash), Prefix)
            : HashDict(message.ToHashDict(), parentHash);

    /// <summary>Whether every part is a bare text part (no extra keys, no attachment): most messages are.</summary>
    private static bool IsPlainText(LlmMessage message)
    {
        var parts = message.Parts;
        for (var i = 0; i < parts.Count; i++) // indexed: foreach over the interface would box an enumerator per message
        {
            if (parts[i].Type != "text" || parts[i].Extra.Count > 0 || parts[i].Attachment is not null)
                return false;
        }
        return true;
    }

    /// <summary>
    /// The canonical form of a plain-text message, written without building its dictionaries: the keys of
    /// {"message": {"parts": [{"text", "type"}], "role"}, "parent"} are already in sorted order.
    /// </summary>
    private static void WritePlainText(System.Text.StringBuilder json, PythonJsonWriter writer, LlmMessage message, string? parentHash)
    {
        json.Append("{\"message\":{\"parts\":[");
        for (var i = 0; i < message.Parts.Count; i++)
        {
            if (i > 0)
                json.Append(',');
            json.Append("{\"text\":");
            writer.WriteValue(message.Parts[i].Text ?? "");
            json.Append(",\"type\":\"text\"}");
        }
        json.Append("],\"role\":");
        writer.WriteValue(message.Role);
        json.Append("},\"parent\":");
        writer.WriteValue(parentHash);
        json.Append('}');
    }

    /// <summary>Hash of an already built <c>to_dict()</c>, for re-deriving rows another writer stored.</summary>
    public static string HashDict(PyDict messageDict, string? parentHash) =>
        Prefix + PythonJson.CanonicalBlake2b128Hex(new PyDict
        {
            ["parent"] = parentHash,
            ["message"] = messageDict,
        });
}
