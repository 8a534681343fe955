using System.Text.Json;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace PromptCapture.Exchange;

/// <summary>
/// What a client asked, whatever protocol it spoke: the SK history and settings that go upstream, and the same
/// request in neutral form (messages, options, tools, schema) for capture and for answering back. Built once per
/// request by a front door and reused unchanged for every fallback attempt.
/// </summary>
public sealed record ExchangeRequest
{
    /// <summary>The messages as SK sends them.</summary>
    public required ChatHistory History { get; init; }
    /// <summary>The options as SK sends them, pass-through fields in ExtraBody.</summary>
    public required OpenAIPromptExecutionSettings Settings { get; init; }
    /// <summary>The messages in neutral form, in order, as the client sent them.</summary>
    public required IReadOnlyList<ExchangeMessage> Messages { get; init; }
    /// <summary>Options the client set, in request order, with their JSON values (llm's options_json).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Options { get; init; } = [];
    /// <summary>Tool definitions offered to the model.</summary>
    public IReadOnlyList<ExchangeTool> Tools { get; init; } = [];
    /// <summary>The JSON schema the answer must follow, or null.</summary>
    public JsonElement? Schema { get; init; }
    /// <summary>The client's own request, for a provider that speaks the same protocol natively; null otherwise.</summary>
    public ExchangePassThrough? PassThrough { get; init; }
    /// <summary>Who asked and how.</summary>
    public required ExchangeClient Client { get; init; }
    /// <summary>When the request arrived, UTC.</summary>
    public required DateTimeOffset StartedUtc { get; init; }
    /// <summary>Stopwatch timestamp of arrival, for durations.</summary>
    public required long StartTimestamp { get; init; }
}

/// <summary>
/// A front door's request exactly as the client wrote it, for providers that speak that protocol natively (the
/// Messages front door and an anthropic provider): thinking, cache_control and server tools survive, which the
/// neutral form cannot carry. The neutral form is still built beside it, for capture and for other providers.
/// </summary>
/// <param name="Protocol">The wire protocol of <paramref name="Body"/> ("anthropic-messages").</param>
/// <param name="Body">The request body's top-level fields; the provider replaces model with its upstream model.</param>
/// <param name="Headers">Protocol headers to forward (anthropic-version, anthropic-beta).</param>
public sealed record ExchangePassThrough(string Protocol, IReadOnlyDictionary<string, JsonElement> Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The protocol name of Anthropic's Messages API.</summary>
    public const string AnthropicMessages = "anthropic-messages";
}
