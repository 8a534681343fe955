using System.Text.Json;
using System.Text.Json.Serialization;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.Ollama;

/// <summary>The Ollama wire types' serializer context, over the shared wire settings.</summary>
public static class OllamaJson
{
    /// <summary>Source-generated metadata, so the hot path does no reflection.</summary>
    public static readonly OllamaJsonContext Context = new(WireJson.NewOptions());
}

/// <summary>Source-generated JSON metadata for the Ollama wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 64)]
[JsonSerializable(typeof(OllamaChatRequest))]
[JsonSerializable(typeof(OllamaGenerateRequest))]
[JsonSerializable(typeof(OllamaShowRequest))]
[JsonSerializable(typeof(OllamaChatChunk))]
[JsonSerializable(typeof(OllamaGenerateChunk))]
[JsonSerializable(typeof(OllamaModelList))]
[JsonSerializable(typeof(OllamaShowResponse))]
[JsonSerializable(typeof(OllamaVersion))]
[JsonSerializable(typeof(OllamaError))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<string>))]
public sealed partial class OllamaJsonContext : JsonSerializerContext;
