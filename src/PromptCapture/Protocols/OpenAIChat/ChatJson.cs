using System.Text.Json.Serialization;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>The chat completions wire types' serializer context, over the shared wire settings.</summary>
public static class ChatJson
{
    /// <summary>Source-generated metadata, so the hot path does no reflection.</summary>
    public static readonly ChatJsonContext Context = new(WireJson.NewOptions());
}

/// <summary>Source-generated JSON metadata for the chat completions wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 64)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(List<ChatMessage>))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
public sealed partial class ChatJsonContext : JsonSerializerContext;
