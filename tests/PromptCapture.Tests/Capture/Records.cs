using System.Text.Json;
using PromptCapture.Capture;

namespace PromptCapture.Tests.Capture;

/// <summary>Short builders for capture records, so tests read like the conversations they model.</summary>
public static class Records
{
    /// <summary>A message with one text part.</summary>
    public static CapturedMessage Text(string role, string text) => new(role, [new CapturedPart(CapturedPartKind.Text, text)]);

    /// <summary>A user message.</summary>
    public static CapturedMessage User(string text) => Text("user", text);

    /// <summary>A system message.</summary>
    public static CapturedMessage SystemPrompt(string text) => Text("system", text);

    /// <summary>An assistant message as a client echoes it: content string only.</summary>
    public static CapturedMessage Assistant(string text) => Text("assistant", text);

    /// <summary>An answer with reasoning then text, as the model produced it.</summary>
    public static CapturedMessage Reasoned(string reasoning, string text) => new("assistant",
    [
        new CapturedPart(CapturedPartKind.Reasoning, reasoning),
        new CapturedPart(CapturedPartKind.Text, text),
    ]);

    /// <summary>An assistant tool call (content null).</summary>
    public static CapturedMessage ToolCall(string name, string arguments, string id, string? reasoning = null)
    {
        var parts = new List<CapturedPart>();
        if (reasoning is not null) parts.Add(new CapturedPart(CapturedPartKind.Reasoning, reasoning));
        parts.Add(new CapturedPart(CapturedPartKind.ToolCall, ToolName: name, ToolCallId: id, Arguments: arguments));
        return new CapturedMessage("assistant", parts);
    }

    /// <summary>A tool result as OpenAI sends it: only the id, no name.</summary>
    public static CapturedMessage ToolResult(string id, string output) =>
        new("tool", [new CapturedPart(CapturedPartKind.ToolResult, output, ToolCallId: id)]);

    /// <summary>A successful record over the given request and answer.</summary>
    public static CaptureRecord Turn(IReadOnlyList<CapturedMessage> messages, CapturedMessage? output, string model = "test-model") => new()
    {
        Model = model,
        Provider = "fake",
        UpstreamModel = "fake-" + model,
        Messages = messages,
        Output = output,
        StartedUtc = new DateTimeOffset(2026, 11, 25, 15, 27, 20, TimeSpan.Zero).AddTicks(3371620),
        DurationMs = 12,
        Client = new ClientInfo("test-agent/1.0", "127.0.0.1", false, 200, "chatcmpl-test"),
    };

    /// <summary>Parses JSON for options, schemas and tool parameters.</summary>
    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The weather tool used by the tool tests.</summary>
    public static CapturedTool WeatherTool { get; } = new("get_weather", "Weather for a city.",
        Json("""{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}"""));
}
