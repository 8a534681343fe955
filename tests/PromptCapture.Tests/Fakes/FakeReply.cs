namespace PromptCapture.Tests.Fakes;

/// <summary>One scripted answer of the fake upstream: what it says, how it streams, or how it fails.</summary>
public sealed record FakeReply
{
    /// <summary>The answer text (split into <see cref="Deltas"/> when streaming, unless those are given).</summary>
    public string Content { get; init; } = "Hello from the fake upstream.";
    /// <summary>The pieces the text streams in; default: word by word.</summary>
    public IReadOnlyList<string>? Deltas { get; init; }
    /// <summary>reasoning_content, as DeepSeek's reasoner sends it.</summary>
    public string? Reasoning { get; init; }
    /// <summary>Tool calls to make: id, name, argument string.</summary>
    public IReadOnlyList<(string Id, string Name, string Arguments)> ToolCalls { get; init; } = [];
    /// <summary>finish_reason; default stop, or tool_calls when there are tool calls.</summary>
    public string? FinishReason { get; init; }
    /// <summary>The model id the upstream reports.</summary>
    public string Model { get; init; } = "fake-model-2026-01-01";
    /// <summary>Prompt tokens reported.</summary>
    public int PromptTokens { get; init; } = 11;
    /// <summary>Completion tokens reported.</summary>
    public int CompletionTokens { get; init; } = 7;
    /// <summary>Cached prompt tokens reported (0: no details object).</summary>
    public int CachedTokens { get; init; }
    /// <summary>A choice "logprobs" object (JSON) for non-streaming answers.</summary>
    public string? LogprobsJson { get; init; }
    /// <summary>An error status to answer with instead of a completion.</summary>
    public int? ErrorStatus { get; init; }
    /// <summary>The error body; default an OpenAI error with <see cref="ErrorMessage"/>.</summary>
    public string? ErrorBody { get; init; }
    /// <summary>Message of the default error body.</summary>
    public string ErrorMessage { get; init; } = "The fake upstream refused this request.";
    /// <summary>When set, answered as is with status 200 and <see cref="RawContentType"/> (a malformed upstream).</summary>
    public string? RawBody { get; init; }
    /// <summary>Content type of <see cref="RawBody"/>.</summary>
    public string RawContentType { get; init; } = "application/json";
    /// <summary>Extra response headers (e.g. Retry-After).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>Delay before answering at all.</summary>
    public TimeSpan Delay { get; init; }
    /// <summary>Delay between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }
    /// <summary>When set, streaming pauses after the first content chunk until this task completes.</summary>
    public Task? HoldAfterFirstChunk { get; init; }
    /// <summary>Aborts the connection without answering (a reset).</summary>
    public bool ResetConnection { get; init; }

    /// <summary>The fake Anthropic upstream ends its stream after the first text delta with an "error" event of this type.</summary>
    public string? StreamErrorType { get; init; }
    /// <summary>When set, a line of invalid JSON is streamed after this many chunks, then the stream ends.</summary>
    public int? GarbageAfterChunks { get; init; }
    /// <summary>When set, the stream ends cleanly after this many chunks, with no finish_reason and no [DONE].</summary>
    public int? EndAfterChunks { get; init; }
    /// <summary>When set, the connection is cut (aborted) after this many streamed chunks.</summary>
    public int? CutAfterChunks { get; init; }
}
