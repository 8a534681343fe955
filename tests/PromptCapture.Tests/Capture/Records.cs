using System.Text.Json;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Exchange;
using PromptCapture.Capture;

namespace PromptCapture.Tests.Capture;

/// <summary>Short builders for capture records, so tests read like the conversations they model.</summary>
public static class Records
{
    /// <summary>A message with one text part.</summary>
    public static ExchangeMessage Text(string role, string text) => new(role, [new ExchangePart(ExchangePartKind.Text, text)]);

    /// <summary>A user message.</summary>
    public static ExchangeMessage User(string text) => Text("user", text);

    /// <summary>A system message.</summary>
    public static ExchangeMessage SystemPrompt(string text) => Text("system", text);

    /// <summary>An assistant message as a client echoes it: content string only.</summary>
    public static ExchangeMessage Assistant(string text) => Text("assistant", text);

    /// <summary>An answer with reasoning then text, as the model produced it.</summary>
    public static ExchangeMessage Reasoned(string reasoning, string text) => new("assistant",
    [
        new ExchangePart(ExchangePartKind.Reasoning, reasoning),
        new ExchangePart(ExchangePartKind.Text, text),
    ]);

    /// <summary>An assistant tool call (content null).</summary>
    public static ExchangeMessage ToolCall(string name, string arguments, string id, string? reasoning = null)
    {
        var parts = new List<ExchangePart>();
        if (reasoning is not null) parts.Add(new ExchangePart(ExchangePartKind.Reasoning, reasoning));
        parts.Add(new ExchangePart(ExchangePartKind.ToolCall, ToolName: name, ToolCallId: id, Arguments: arguments));
        return new ExchangeMessage("assistant", parts);
    }

    /// <summary>A tool result as OpenAI sends it: only the id, no name.</summary>
    public static ExchangeMessage ToolResult(string id, string output) =>
        new("tool", [new ExchangePart(ExchangePartKind.ToolResult, output, ToolCallId: id)]);

    /// <summary>A successful record over the given request and answer, with the request's extras when a test needs them.</summary>
    public static CaptureRecord Turn(
        IReadOnlyList<ExchangeMessage> messages, ExchangeMessage? output, string model = "test-model",
        IReadOnlyList<ExchangeTool>? tools = null, JsonElement? schema = null, long? inputTokens = null,
        DateTimeOffset? startedUtc = null, ExchangeClient? client = null,
        IReadOnlyList<KeyValuePair<string, JsonElement>>? options = null) => new()
    {
        Request = new ExchangeRequest
        {
            History = new ChatHistory(),
            Settings = new OpenAIPromptExecutionSettings(),
            Messages = messages,
            Options = options ?? [],
            Tools = tools ?? [],
            Schema = schema,
            Client = client ?? new ExchangeClient("chat", "test-agent/1.0", "127.0.0.1", false, "chatcmpl-test"),
            StartedUtc = startedUtc ?? new DateTimeOffset(2026, 11, 25, 15, 27, 20, TimeSpan.Zero).AddTicks(3371620),
            StartTimestamp = 0,
        },
        Target = new ExchangeTarget(model, "fake", "fake-" + model),
        Answer = AnswerOf(output, inputTokens),
        DurationMs = 12,
    };

    /// <summary>The neutral answer whose message form is <paramref name="output"/>: what a provider would have returned.</summary>
    public static ExchangeAnswer? AnswerOf(ExchangeMessage? output, long? inputTokens = null)
    {
        if (output is null && inputTokens is null)
            return null;
        var parts = output?.Parts ?? [];
        string? Join(ExchangePartKind kind) =>
            parts.Any(p => p.Kind == kind) ? string.Concat(parts.Where(p => p.Kind == kind).Select(p => p.Text)) : null;
        return new ExchangeAnswer
        {
            Text = Join(ExchangePartKind.Text),
            Reasoning = Join(ExchangePartKind.Reasoning),
            ToolCalls = parts.Where(p => p.Kind == ExchangePartKind.ToolCall).Select(p => new ExchangeToolCall(p.ToolCallId, p.ToolName, p.Arguments ?? "")).ToList(),
            Usage = inputTokens is { } tokens ? new ExchangeUsage(tokens, 0, tokens) : null,
        };
    }

    /// <summary>Parses JSON for options, schemas and tool parameters.</summary>
    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The weather tool used by the tool tests.</summary>
    public static ExchangeTool WeatherTool { get; } = new("get_weather", "Weather for a city.",
        Json("""{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}"""));
}
