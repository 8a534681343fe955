using System.Text.Json;
using System.Text.Json.Serialization;
using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Protocols.Models;

namespace PromptCapture.Protocols.Common;

/// <summary>Source-generated JSON metadata for every wire type, so the hot path does no reflection.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 64)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(List<ChatMessage>))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class WireJsonContext : JsonSerializerContext;
