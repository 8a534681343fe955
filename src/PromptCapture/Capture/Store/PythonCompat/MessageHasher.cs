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
    public static string Hash(LlmMessage message, string? parentHash) => HashDict(message.ToHashDict(), parentHash);

    /// <summary>Hash of an already built <c>to_dict()</c>, for re-deriving rows another writer stored.</summary>
    public static string HashDict(PyDict messageDict, string? parentHash) =>
        Prefix + PythonJson.CanonicalBlake2b128Hex(new PyDict
        {
            ["parent"] = parentHash,
            ["message"] = messageDict,
        });
}
