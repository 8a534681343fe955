using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.Ollama;

/// <summary>One NDJSON line of /api/chat (or the whole answer when not streamed); the timing fields only on the last.</summary>
public sealed class OllamaChatChunk
{
    /// <summary>The model as the client named it.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }
    /// <summary>RFC 3339 time of the chunk.</summary>
    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }
    /// <summary>The piece of the assistant message.</summary>
    [JsonPropertyName("message")] public required OllamaOutMessage Message { get; init; }
    /// <summary>Set on the final object, and the timings with it.</summary>
    [JsonPropertyName("done")] public bool Done { get; init; }
    /// <summary>stop, length or load.</summary>
    [JsonPropertyName("done_reason")] public string? DoneReason { get; init; }
    /// <summary>Whole request, nanoseconds.</summary>
    [JsonPropertyName("total_duration")] public long? TotalDuration { get; init; }
    /// <summary>Model load time (always 0 here), nanoseconds.</summary>
    [JsonPropertyName("load_duration")] public long? LoadDuration { get; init; }
    /// <summary>Prompt tokens.</summary>
    [JsonPropertyName("prompt_eval_count")] public long? PromptEvalCount { get; init; }
    /// <summary>Time to the first token, nanoseconds.</summary>
    [JsonPropertyName("prompt_eval_duration")] public long? PromptEvalDuration { get; init; }
    /// <summary>Answer tokens.</summary>
    [JsonPropertyName("eval_count")] public long? EvalCount { get; init; }
    /// <summary>Time from the first token to the last, nanoseconds.</summary>
    [JsonPropertyName("eval_duration")] public long? EvalDuration { get; init; }
}

/// <summary>One NDJSON line of /api/generate (or the whole answer).</summary>
public sealed class OllamaGenerateChunk
{
    /// <summary>The model as the client named it.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }
    /// <summary>RFC 3339 time of the chunk.</summary>
    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }
    /// <summary>The next piece of the answer text.</summary>
    [JsonPropertyName("response")] public required string Response { get; init; }
    /// <summary>The next piece of reasoning, when there is some.</summary>
    [JsonPropertyName("thinking")] public string? Thinking { get; init; }
    /// <summary>Set on the final object.</summary>
    [JsonPropertyName("done")] public bool Done { get; init; }
    /// <summary>stop, length or load.</summary>
    [JsonPropertyName("done_reason")] public string? DoneReason { get; init; }
    /// <summary>Ollama's token context; always empty (the gateway keeps no model state).</summary>
    [JsonPropertyName("context")] public int[]? Context { get; init; }
    /// <summary>Whole request, nanoseconds.</summary>
    [JsonPropertyName("total_duration")] public long? TotalDuration { get; init; }
    /// <summary>Model load time (always 0), nanoseconds.</summary>
    [JsonPropertyName("load_duration")] public long? LoadDuration { get; init; }
    /// <summary>Prompt tokens.</summary>
    [JsonPropertyName("prompt_eval_count")] public long? PromptEvalCount { get; init; }
    /// <summary>Time to the first token, nanoseconds.</summary>
    [JsonPropertyName("prompt_eval_duration")] public long? PromptEvalDuration { get; init; }
    /// <summary>Answer tokens.</summary>
    [JsonPropertyName("eval_count")] public long? EvalCount { get; init; }
    /// <summary>Time from the first token to the last, nanoseconds.</summary>
    [JsonPropertyName("eval_duration")] public long? EvalDuration { get; init; }
}

/// <summary>The assistant message (or a piece of it) in a chat chunk.</summary>
public sealed class OllamaOutMessage
{
    /// <summary>Always assistant.</summary>
    [JsonPropertyName("role")] public string Role { get; init; } = "assistant";
    /// <summary>The text piece (empty string, never missing).</summary>
    [JsonPropertyName("content")] public string Content { get; init; } = "";
    /// <summary>The reasoning piece, when there is one.</summary>
    [JsonPropertyName("thinking")] public string? Thinking { get; init; }
    /// <summary>Whole tool calls, arguments as objects.</summary>
    [JsonPropertyName("tool_calls")] public List<OllamaToolCall>? ToolCalls { get; init; }
}

/// <summary>Timing and count fields Ollama puts on its final object, computed once and copied onto either shape.</summary>
/// <param name="DoneReason">stop, length or load.</param>
/// <param name="Total">Whole request, ns.</param>
/// <param name="PromptCount">Prompt tokens.</param>
/// <param name="PromptDuration">Time to first token, ns.</param>
/// <param name="EvalCount">Answer tokens.</param>
/// <param name="EvalDuration">First to last token, ns.</param>
public sealed record OllamaTimings(string DoneReason, long Total, long PromptCount, long PromptDuration, long EvalCount, long EvalDuration);

/// <summary>GET /api/tags and GET /api/ps.</summary>
public sealed class OllamaModelList
{
    /// <summary>One entry per alias.</summary>
    [JsonPropertyName("models")] public required List<OllamaModelEntry> Models { get; init; }
}

/// <summary>An alias presented as a local Ollama model.</summary>
public sealed class OllamaModelEntry
{
    /// <summary>alias:latest.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>alias:latest.</summary>
    [JsonPropertyName("model")] public required string Model { get; init; }
    /// <summary>When providers.json was loaded (tags only).</summary>
    [JsonPropertyName("modified_at")] public string? ModifiedAt { get; init; }
    /// <summary>Nominal size; remote models occupy no disk.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }
    /// <summary>sha256 of the alias, stable across restarts.</summary>
    [JsonPropertyName("digest")] public required string Digest { get; init; }
    /// <summary>Format, family and sizes.</summary>
    [JsonPropertyName("details")] public required OllamaModelDetails Details { get; init; }
    /// <summary>When Ollama would unload it (ps only).</summary>
    [JsonPropertyName("expires_at")] public string? ExpiresAt { get; init; }
    /// <summary>Memory on the GPU (ps only, always 0).</summary>
    [JsonPropertyName("size_vram")] public long? SizeVram { get; init; }
}

/// <summary>The details block of a model.</summary>
public sealed class OllamaModelDetails
{
    /// <summary>The model it derives from (none).</summary>
    [JsonPropertyName("parent_model")] public string ParentModel { get; init; } = "";
    /// <summary>File format; "remote" as the weights live at the provider.</summary>
    [JsonPropertyName("format")] public required string Format { get; init; }
    /// <summary>The provider name from providers.json.</summary>
    [JsonPropertyName("family")] public required string Family { get; init; }
    /// <summary>The family, as a list.</summary>
    [JsonPropertyName("families")] public required List<string> Families { get; init; }
    /// <summary>Unknown for a remote model.</summary>
    [JsonPropertyName("parameter_size")] public required string ParameterSize { get; init; }
    /// <summary>Unknown for a remote model.</summary>
    [JsonPropertyName("quantization_level")] public required string QuantizationLevel { get; init; }
}

/// <summary>POST /api/show.</summary>
public sealed class OllamaShowResponse
{
    /// <summary>A Modelfile naming the upstream model.</summary>
    [JsonPropertyName("modelfile")] public required string Modelfile { get; init; }
    /// <summary>No parameters.</summary>
    [JsonPropertyName("parameters")] public string Parameters { get; init; } = "";
    /// <summary>The chat template (the provider applies its own).</summary>
    [JsonPropertyName("template")] public string Template { get; init; } = "{{ .Prompt }}";
    /// <summary>Format, family and sizes.</summary>
    [JsonPropertyName("details")] public required OllamaModelDetails Details { get; init; }
    /// <summary>general.architecture and friends.</summary>
    [JsonPropertyName("model_info")] public required Dictionary<string, JsonElement> ModelInfo { get; init; }
    /// <summary>completion, tools, vision, thinking: what clients check before offering features.</summary>
    [JsonPropertyName("capabilities")] public required List<string> Capabilities { get; init; }
    /// <summary>When providers.json was loaded.</summary>
    [JsonPropertyName("modified_at")] public required string ModifiedAt { get; init; }
}

/// <summary>GET /api/version.</summary>
public sealed class OllamaVersion
{
    /// <summary>The Ollama API version the gateway speaks.</summary>
    [JsonPropertyName("version")] public required string Version { get; init; }
}

/// <summary>Ollama's error shape, {"error":"..."}; also the line a broken stream ends with.</summary>
public sealed class OllamaError
{
    /// <summary>The message.</summary>
    [JsonPropertyName("error")] public required string Error { get; init; }
}
