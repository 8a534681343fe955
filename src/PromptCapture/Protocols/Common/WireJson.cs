using System.Text.Encodings.Web;
using System.Text.Json;

namespace PromptCapture.Protocols.Common;

/// <summary>The serializer context the gateway reads and writes the wire with: source-generated, no HTML escaping of text.</summary>
public static class WireJson
{
    /// <summary>Shared context; relaxed escaping keeps non-ASCII text as UTF-8 rather than \u escapes.</summary>
    public static readonly WireJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 64,
    });
}
