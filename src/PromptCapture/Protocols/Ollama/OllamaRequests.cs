using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptCapture.Protocols.Ollama;

/// <summary>
/// The body of POST /api/chat as Ollama clients send it; polymorphic fields stay JsonElement so nothing is lost and
/// unknown fields land in <see cref="Extra"/>.
/// </summary>
public sealed class OllamaChatRequest
{
    /// <summary>The alias, optionally tagged (up:latest).</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>The conversation.</summary>
    [JsonPropertyName("messages")] public List<OllamaMessage?>? Messages { get; set; }
    /// <summary>Tool definitions, OpenAI-shaped ({"type":"function","function":{...}}).</summary>
    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }
    /// <summary>"json" or a JSON schema.</summary>
    [JsonPropertyName("format")] public JsonElement? Format { get; set; }
    /// <summary>Sampling options (temperature, top_p, seed, num_predict, stop, ...).</summary>
    [JsonPropertyName("options")] public JsonElement? Options { get; set; }
    /// <summary>Streamed NDJSON unless false.</summary>
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    /// <summary>true/false or a level (low, medium, high).</summary>
    [JsonPropertyName("think")] public JsonElement? Think { get; set; }
    /// <summary>How long Ollama keeps the model loaded; meaningless here, ignored.</summary>
    [JsonPropertyName("keep_alive")] public JsonElement? KeepAlive { get; set; }
    /// <summary>Every field this type does not name.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One message of an Ollama conversation.</summary>
public sealed class OllamaMessage
{
    /// <summary>system, user, assistant or tool.</summary>
    [JsonPropertyName("role")] public string? Role { get; set; }
    /// <summary>The text.</summary>
    [JsonPropertyName("content")] public string? Content { get; set; }
    /// <summary>Base64 images (user messages).</summary>
    [JsonPropertyName("images")] public List<string>? Images { get; set; }
    /// <summary>The model's reasoning (assistant messages).</summary>
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    /// <summary>Tool calls the model made (assistant messages), arguments as objects.</summary>
    [JsonPropertyName("tool_calls")] public List<OllamaToolCall>? ToolCalls { get; set; }
    /// <summary>The tool a tool message answers.</summary>
    [JsonPropertyName("tool_name")] public string? ToolName { get; set; }
    /// <summary>The call a tool message answers, when the client kept the id.</summary>
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
}

/// <summary>A tool call in Ollama's shape.</summary>
public sealed class OllamaToolCall
{
    /// <summary>The call id (newer Ollama versions send one).</summary>
    [JsonPropertyName("id")] public string? Id { get; set; }
    /// <summary>The function called.</summary>
    [JsonPropertyName("function")] public OllamaFunctionCall? Function { get; set; }
}

/// <summary>The function of a tool call: name, arguments as a JSON object.</summary>
public sealed class OllamaFunctionCall
{
    /// <summary>Position of the call in the answer.</summary>
    [JsonPropertyName("index")] public int? Index { get; set; }
    /// <summary>Function name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>Arguments, an object.</summary>
    [JsonPropertyName("arguments")] public JsonElement? Arguments { get; set; }
}

/// <summary>The body of POST /api/generate.</summary>
public sealed class OllamaGenerateRequest
{
    /// <summary>The alias, optionally tagged.</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>The prompt.</summary>
    [JsonPropertyName("prompt")] public string? Prompt { get; set; }
    /// <summary>A system prompt.</summary>
    [JsonPropertyName("system")] public string? System { get; set; }
    /// <summary>Text after the insertion point (fill-in-the-middle); chat providers cannot use it, so it is noted and left out.</summary>
    [JsonPropertyName("suffix")] public string? Suffix { get; set; }
    /// <summary>A prompt template; meaningless for a chat provider, ignored.</summary>
    [JsonPropertyName("template")] public string? Template { get; set; }
    /// <summary>No template applied; the prompt goes as the user message either way.</summary>
    [JsonPropertyName("raw")] public bool? Raw { get; set; }
    /// <summary>Base64 images.</summary>
    [JsonPropertyName("images")] public List<string>? Images { get; set; }
    /// <summary>"json" or a JSON schema.</summary>
    [JsonPropertyName("format")] public JsonElement? Format { get; set; }
    /// <summary>Sampling options.</summary>
    [JsonPropertyName("options")] public JsonElement? Options { get; set; }
    /// <summary>Streamed unless false.</summary>
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    /// <summary>true/false or a level.</summary>
    [JsonPropertyName("think")] public JsonElement? Think { get; set; }
    /// <summary>Ignored.</summary>
    [JsonPropertyName("keep_alive")] public JsonElement? KeepAlive { get; set; }
    /// <summary>Ollama's token context from an earlier answer; ignored (the gateway keeps none).</summary>
    [JsonPropertyName("context")] public JsonElement? Context { get; set; }
    /// <summary>Every field this type does not name.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The body of POST /api/show.</summary>
public sealed class OllamaShowRequest
{
    /// <summary>The model.</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }
    /// <summary>The older spelling of model.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>Ignored.</summary>
    [JsonPropertyName("verbose")] public bool? Verbose { get; set; }
}
