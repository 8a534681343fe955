using System.Text.Json;
using System.Text.Json.Serialization;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>The Responses wire types' serializer context, over the shared wire settings.</summary>
public static class ResponsesJson
{
    /// <summary>Source-generated metadata, so the hot path does no reflection.</summary>
    public static readonly ResponsesJsonContext Context = new(WireJson.NewOptions());
}

/// <summary>Source-generated JSON metadata for the Responses wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 64)]
[JsonSerializable(typeof(ResponsesRequest))]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponseEvent))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<JsonElement>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
public sealed partial class ResponsesJsonContext : JsonSerializerContext;
