using System.Text.Json.Serialization;

namespace PromptCapture.LlmConfig;

/// <summary>Source-generated JSON for the one thing this folder serialises: strings quoted as YAML double-quoted scalars.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class LlmConfigJson : JsonSerializerContext;
