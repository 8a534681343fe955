using System.Text;

namespace PromptCapture.Bench.Load;

/// <summary>How a streamed answer is framed: server-sent events end with a blank line, NDJSON objects with a newline.</summary>
internal enum StreamFraming
{
    /// <summary>text/event-stream.</summary>
    ServerSentEvents,

    /// <summary>application/x-ndjson (Ollama).</summary>
    NewlineDelimitedJson,
}

/// <summary>
/// One wire protocol the bench sends the same small request through: where it is posted, its two bodies, and what
/// marks a stream's successful end, so a protocol that failed halfway cannot pass for a fast one.
/// </summary>
/// <param name="Name">Short name used in the tables (the route).</param>
/// <param name="Path">The route posted to.</param>
/// <param name="Complete">The non-streaming body for a model name.</param>
/// <param name="Stream">The streaming body for a model name.</param>
/// <param name="Framing">How streamed events are delimited.</param>
/// <param name="EndMarker">Bytes that only the last event of a successful stream carries.</param>
internal sealed record FrontDoor(string Name, string Path, Func<string, byte[]> Complete, Func<string, byte[]> Stream, StreamFraming Framing, byte[] EndMarker)
{
    /// <summary>The system prompt every protocol carries.</summary>
    private const string System = "You are a terse assistant.";

    /// <summary>The user turn every protocol carries.</summary>
    private const string User = "Say hello in five words.";

    /// <summary>OpenAI Chat Completions, the reference the others are compared with.</summary>
    public static readonly FrontDoor Chat = new("/v1/chat/completions", "/v1/chat/completions",
        m => Bytes($$"""{"model":"{{m}}","messages":[{"role":"system","content":"{{System}}"},{"role":"user","content":"{{User}}"}],"temperature":0.2,"max_tokens":32}"""),
        m => Bytes($$$"""{"model":"{{{m}}}","messages":[{"role":"system","content":"{{{System}}}"},{"role":"user","content":"{{{User}}}"}],"temperature":0.2,"max_tokens":32,"stream":true,"stream_options":{"include_usage":true}}"""),
        StreamFraming.ServerSentEvents, "data: [DONE]"u8.ToArray());

    /// <summary>OpenAI Responses (Codex CLI).</summary>
    public static readonly FrontDoor Responses = new("/v1/responses", "/v1/responses",
        m => Bytes($$"""{"model":"{{m}}","instructions":"{{System}}","input":"{{User}}","temperature":0.2,"max_output_tokens":32}"""),
        m => Bytes($$"""{"model":"{{m}}","instructions":"{{System}}","input":"{{User}}","temperature":0.2,"max_output_tokens":32,"stream":true}"""),
        StreamFraming.ServerSentEvents, "event: response.completed"u8.ToArray());

    /// <summary>Anthropic Messages (Claude Code).</summary>
    public static readonly FrontDoor Messages = new("/v1/messages", "/v1/messages",
        m => Bytes($$"""{"model":"{{m}}","system":"{{System}}","messages":[{"role":"user","content":"{{User}}"}],"temperature":0.2,"max_tokens":32}"""),
        m => Bytes($$"""{"model":"{{m}}","system":"{{System}}","messages":[{"role":"user","content":"{{User}}"}],"temperature":0.2,"max_tokens":32,"stream":true}"""),
        StreamFraming.ServerSentEvents, "event: message_stop"u8.ToArray());

    /// <summary>Ollama's chat (Open WebUI, Continue); streaming is its default, so the plain body says false.</summary>
    public static readonly FrontDoor OllamaChat = new("/api/chat", "/api/chat",
        m => Bytes($$"""{"model":"{{m}}","messages":[{"role":"system","content":"{{System}}"},{"role":"user","content":"{{User}}"}],"options":{"temperature":0.2,"num_predict":32},"stream":false}"""),
        m => Bytes($$$"""{"model":"{{{m}}}","messages":[{"role":"system","content":"{{{System}}}"},{"role":"user","content":"{{{User}}}"}],"options":{"temperature":0.2,"num_predict":32}}"""),
        StreamFraming.NewlineDelimitedJson, "\"done\":true"u8.ToArray());

    /// <summary>The protocols compared with chat completions in the front-door phase.</summary>
    public static IReadOnlyList<FrontDoor> Others => [Responses, Messages, OllamaChat];

    /// <summary>UTF-8 of a body.</summary>
    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
