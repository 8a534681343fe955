using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Providers;

/// <summary>
/// Reads Anthropic's own answer JSON (a message, or the events of a stream) into the neutral answer and updates, for
/// capture: thinking as reasoning, text, tool_use as tool calls with the input's JSON text, stop_reason in OpenAI's
/// spelling, usage with cached input counted within the input tokens. One instance per stream (it keeps the usage of
/// message_start and which block is which).
/// </summary>
public sealed class AnthropicNativeReader
{
    private readonly Dictionary<int, (string Type, int ToolIndex)> _blocks = [];
    private int _tools;
    private long _input;
    private long? _cached;

    /// <summary>A whole message.</summary>
    public static ExchangeAnswer Decode(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var answer = new AnswerBuilder();
        var index = 0;
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                switch (Str(block, "type"))
                {
                    case "text":
                        answer.Add(new ExchangeUpdate { Text = Str(block, "text") ?? "" });
                        break;
                    case "thinking":
                        answer.Add(new ExchangeUpdate { Reasoning = Str(block, "thinking") ?? "" });
                        break;
                    case "tool_use":
                        var input = block.TryGetProperty("input", out var i) ? i.GetRawText() : "{}";
                        answer.Add(new ExchangeUpdate { ToolCalls = [new ExchangeToolCallDelta(index++, Str(block, "id"), Str(block, "name"), input)] });
                        break;
                }
            }
        }
        var usage = root.TryGetProperty("usage", out var u) ? Usage(u, 0, null) : null;
        answer.Add(new ExchangeUpdate { FinishReason = FinishReason(Str(root, "stop_reason")), Usage = usage, Model = Str(root, "model") });
        var built = answer.Build();
        return new ExchangeAnswer
        {
            Text = built.Text,
            Reasoning = built.Reasoning,
            ToolCalls = built.ToolCalls,
            FinishReason = built.FinishReason,
            Usage = built.Usage,
            Model = built.Model,
            NativeJson = json,
            RawJson = () => json,
        };
    }

    /// <summary>One stream event (its JSON has the type); the update relays it and carries what capture needs.</summary>
    public ExchangeUpdate Decode(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var native = (name, json);
        switch (name)
        {
            case "message_start" when root.TryGetProperty("message", out var message):
                if (message.TryGetProperty("usage", out var startUsage))
                {
                    _input = Long(startUsage, "input_tokens") + Long(startUsage, "cache_read_input_tokens") + Long(startUsage, "cache_creation_input_tokens");
                    _cached = startUsage.TryGetProperty("cache_read_input_tokens", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : null;
                }
                return new ExchangeUpdate { Native = native, StartsMessage = true, Model = Str(message, "model") };
            case "content_block_start" when root.TryGetProperty("content_block", out var block):
            {
                var index = root.GetProperty("index").GetInt32();
                var type = Str(block, "type") ?? "";
                if (type == "tool_use")
                {
                    _blocks[index] = (type, _tools);
                    return new ExchangeUpdate { Native = native, ToolCalls = [new ExchangeToolCallDelta(_tools++, Str(block, "id"), Str(block, "name"), null)] };
                }
                _blocks[index] = (type, -1);
                return new ExchangeUpdate { Native = native };
            }
            case "content_block_delta" when root.TryGetProperty("delta", out var delta):
            {
                var index = root.GetProperty("index").GetInt32();
                return Str(delta, "type") switch
                {
                    "text_delta" => new ExchangeUpdate { Native = native, Text = Str(delta, "text") },
                    "thinking_delta" => new ExchangeUpdate { Native = native, Reasoning = Str(delta, "thinking") },
                    "input_json_delta" when _blocks.TryGetValue(index, out var b) =>
                        new ExchangeUpdate { Native = native, ToolCalls = [new ExchangeToolCallDelta(b.ToolIndex, null, null, Str(delta, "partial_json"))] },
                    _ => new ExchangeUpdate { Native = native },
                };
            }
            case "message_delta":
                var stop = root.TryGetProperty("delta", out var d) ? Str(d, "stop_reason") : null;
                var usage = root.TryGetProperty("usage", out var u) ? Usage(u, _input, _cached) : null;
                return new ExchangeUpdate { Native = native, FinishReason = FinishReason(stop) ?? "stop", Usage = usage };
            default:
                return new ExchangeUpdate { Native = native };
        }
    }

    /// <summary>Anthropic's usage in neutral form; input from message_start when a message_delta leaves it out.</summary>
    private static ExchangeUsage Usage(JsonElement usage, long startInput, long? startCached)
    {
        var hasInput = usage.TryGetProperty("input_tokens", out var i) && i.ValueKind == JsonValueKind.Number;
        var cached = usage.TryGetProperty("cache_read_input_tokens", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : startCached;
        var input = hasInput ? i.GetInt64() + Long(usage, "cache_read_input_tokens") + Long(usage, "cache_creation_input_tokens") : startInput;
        var output = Long(usage, "output_tokens");
        return new ExchangeUsage(input, output, input + output, cached);
    }

    /// <summary>stop_reason in OpenAI's spelling (the neutral form's).</summary>
    private static string? FinishReason(string? stop) => stop switch
    {
        null => null,
        "max_tokens" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    /// <summary>A string property, or null.</summary>
    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number property, or 0.</summary>
    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
