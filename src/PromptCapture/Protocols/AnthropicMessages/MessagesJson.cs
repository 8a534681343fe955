using System.Text.Json;
using System.Text.Json.Serialization;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>The Messages wire types' serializer context, over the shared wire settings.</summary>
public static class MessagesJson
{
    /// <summary>Source-generated metadata, so the hot path does no reflection.</summary>
    public static readonly MessagesJsonContext Context = new(WireJson.NewOptions());
}

/// <summary>Source-generated JSON metadata for the Messages wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 64)]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(MessageObject))]
[JsonSerializable(typeof(MessagesEvent))]
[JsonSerializable(typeof(TokenCount))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<string>))]
public sealed partial class MessagesJsonContext : JsonSerializerContext;
