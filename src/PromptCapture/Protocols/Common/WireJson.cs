using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.Common;

/// <summary>The settings every front door reads and writes its wire JSON with; each protocol has its own source-generated context over them.</summary>
public static class WireJson
{
    /// <summary>
    /// New options for one context (a context binds its options): relaxed escaping keeps non-ASCII text as UTF-8 rather
    /// than \u escapes, nulls are left out unless a type says otherwise, nesting is bounded.
    /// </summary>
    public static JsonSerializerOptions NewOptions() => new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 64,
    };

    /// <summary>Shared context for the pieces every OpenAI-style front door writes: the error envelope and raw JSON values.</summary>
    public static readonly CommonJsonContext Context = new(NewOptions());
}

/// <summary>Source-generated JSON for the error envelope and raw JSON values.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 64)]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class CommonJsonContext : JsonSerializerContext;
