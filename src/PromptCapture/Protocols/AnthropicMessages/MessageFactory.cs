using System.Security.Cryptography;
using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>Builds Anthropic's answer pieces from the neutral answer: ids, content blocks, stop reasons, usage.</summary>
public static class MessageFactory
{
    /// <summary>Letters of Anthropic-style ids (base62).</summary>
    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The empty JSON object, the input of a tool_use block before its deltas arrive.</summary>
    public static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>A new id as Anthropic spells them: prefix, "_01", 22 base62 characters (msg_01..., toolu_01...).</summary>
    public static string NewId(string prefix) => prefix + "_01" + RandomNumberGenerator.GetString(IdAlphabet, 22);

    /// <summary>The whole answer of a non-streaming call.</summary>
    public static MessageObject Create(string id, string model, ExchangeAnswer answer) => new()
    {
        Id = id,
        Model = model,
        Content = Content(answer),
        StopReason = StopReason(answer.FinishReason, answer.ToolCalls.Count > 0),
        Usage = Usage(answer.Usage),
    };

    /// <summary>Thinking, text (a refusal is text too) and tool_use blocks, in Anthropic's order.</summary>
    public static List<ContentBlock> Content(ExchangeAnswer answer)
    {
        var blocks = new List<ContentBlock>(2 + answer.ToolCalls.Count);
        if (!string.IsNullOrEmpty(answer.Reasoning))
            blocks.Add(new ThinkingBlock { Thinking = answer.Reasoning });
        var text = answer.Text ?? answer.Refusal;
        if (!string.IsNullOrEmpty(text))
            blocks.Add(new TextBlock { Text = text });
        foreach (var call in answer.ToolCalls)
            blocks.Add(new ToolUseBlock { Id = call.Id ?? NewId("toolu"), Name = call.Name ?? "", Input = Input(call.Arguments) });
        return blocks;
    }

    /// <summary>A tool call's argument string as the input object Anthropic clients expect; anything that is not an object becomes {}.</summary>
    public static JsonElement Input(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
            return EmptyObject;
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : EmptyObject;
        }
        catch (JsonException)
        {
            return EmptyObject;
        }
    }

    /// <summary>OpenAI's finish reason in Anthropic's words; a finished answer with tool calls is tool_use.</summary>
    public static string StopReason(string? finishReason, bool hasToolCalls) => finishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ when hasToolCalls => "tool_use",
        _ => "end_turn",
    };

    /// <summary>Usage as Anthropic counts it: input_tokens without the cached part, which is cache_read_input_tokens.</summary>
    public static MessageUsage Usage(ExchangeUsage? usage)
    {
        var cached = usage?.CachedTokens ?? 0;
        return new MessageUsage
        {
            InputTokens = Math.Max(0, (usage?.InputTokens ?? 0) - cached),
            CacheCreationInputTokens = 0,
            CacheReadInputTokens = cached,
            OutputTokens = usage?.OutputTokens ?? 0,
        };
    }
}
