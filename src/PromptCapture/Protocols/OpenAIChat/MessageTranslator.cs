using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ChatToolCall = OpenAI.Chat.ChatToolCall;
using PromptCapture.Exchange;
using PromptCapture.Errors;
using PromptCapture.Providers;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// Turns the request's messages into an SK ChatHistory (what goes upstream) and the capture view of the same
/// messages (what llm's tables get), validating roles and content shapes on the way.
/// </summary>
public static class MessageTranslator
{
    /// <summary>The metadata key SK's OpenAI connector reads to replay an assistant message's tool calls verbatim.</summary>
    internal const string ToolCallsMetadataKey = SkHistory.ToolCallsMetadataKey;

    /// <summary>The metadata key SK's OpenAI connector reads for an image part's detail level.</summary>
    internal const string ImageDetailMetadataKey = SkHistory.ImageDetailMetadataKey;

    /// <summary>Translates every message; throws <see cref="InvalidRequestException"/> naming the offending field.</summary>
    public static (ChatHistory History, List<ExchangeMessage> Captured) Translate(List<ChatMessage> messages)
    {
        var history = new ChatHistory();
        var captured = new List<ExchangeMessage>(messages.Count);
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new InvalidRequestException($"messages[{i}] must be an object, not null.", $"messages[{i}]");
            var param = $"messages[{i}]";
            var (sk, capture) = message.Role switch
            {
                "system" => Instruction(message, AuthorRole.System, param),
                "developer" => Instruction(message, AuthorRole.Developer, param),
                "user" => User(message, param),
                "assistant" => Assistant(message, param, toolNames),
                "tool" => Tool(message, param, toolNames),
                null => throw new InvalidRequestException($"{param}.role is required (one of system, developer, user, assistant, tool).", $"{param}.role"),
                _ => throw new InvalidRequestException(
                    $"Invalid value '{message.Role}' for {param}.role: expected one of system, developer, user, assistant, tool.", $"{param}.role", "invalid_value"),
            };
            sk.AuthorName = message.Name;
            history.Add(sk);
            captured.Add(capture);
        }
        return (history, captured);
    }

    /// <summary>system and developer messages: text only, as a string or text parts.</summary>
    private static (SkMessage, ExchangeMessage) Instruction(ChatMessage message, AuthorRole role, string param)
    {
        var text = TextOnly(message.Content, param, required: true);
        return (new SkMessage(role, text), new ExchangeMessage(message.Role!, [new ExchangePart(ExchangePartKind.Text, text)]));
    }

    /// <summary>user messages: a string, or text and image_url parts kept as parts.</summary>
    private static (SkMessage, ExchangeMessage) User(ChatMessage message, string param)
    {
        var content = message.Content;
        if (content is not { } c || c.ValueKind == JsonValueKind.Null)
            throw new InvalidRequestException($"{param}.content is required for a user message.", $"{param}.content");
        if (c.ValueKind == JsonValueKind.String)
        {
            var text = c.GetString()!;
            return (new SkMessage(AuthorRole.User, text), new ExchangeMessage("user", [new ExchangePart(ExchangePartKind.Text, text)]));
        }
        if (c.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException($"{param}.content must be a string or an array of content parts.", $"{param}.content", "invalid_type");
        var items = new ChatMessageContentItemCollection();
        var parts = new List<ExchangePart>();
        var index = 0;
        foreach (var part in c.EnumerateArray())
        {
            ContentPartTranslator.AddUserPart(part, $"{param}.content[{index}]", items, parts);
            index++;
        }
        return (new SkMessage(AuthorRole.User, items), new ExchangeMessage("user", parts));
    }

    /// <summary>assistant messages: text (string, parts or null) and tool calls replayed verbatim.</summary>
    private static (SkMessage, ExchangeMessage) Assistant(ChatMessage message, string param, Dictionary<string, string> toolNames)
    {
        var text = TextOnly(message.Content, param, required: message.ToolCalls is not { Count: > 0 });
        var sk = new SkMessage(AuthorRole.Assistant, text);
        var parts = new List<ExchangePart>();
        if (!string.IsNullOrEmpty(message.ReasoningContent))
            parts.Add(new ExchangePart(ExchangePartKind.Reasoning, message.ReasoningContent));
        if (text.Length > 0)
            parts.Add(new ExchangePart(ExchangePartKind.Text, text));
        if (message.ToolCalls is { Count: > 0 } calls)
        {
            var replay = new List<ChatToolCall>(calls.Count);
            for (var j = 0; j < calls.Count; j++)
            {
                var call = calls[j];
                var callParam = $"{param}.tool_calls[{j}]";
                if (call?.Id is null) throw new InvalidRequestException($"{callParam}.id is required.", $"{callParam}.id");
                if (call.Function?.Name is null) throw new InvalidRequestException($"{callParam}.function.name is required.", $"{callParam}.function.name");
                var args = call.Function.Arguments ?? "";
                replay.Add(ChatToolCall.CreateFunctionToolCall(call.Id, call.Function.Name, BinaryData.FromString(args)));
                toolNames[call.Id] = call.Function.Name;
                parts.Add(new ExchangePart(ExchangePartKind.ToolCall, ToolName: call.Function.Name, ToolCallId: call.Id, Arguments: args));
            }
            sk.Metadata = new Dictionary<string, object?> { [ToolCallsMetadataKey] = replay };
        }
        return (sk, new ExchangeMessage("assistant", parts));
    }

    /// <summary>tool messages: the result of one earlier call, matched by tool_call_id.</summary>
    private static (SkMessage, ExchangeMessage) Tool(ChatMessage message, string param, Dictionary<string, string> toolNames)
    {
        if (string.IsNullOrEmpty(message.ToolCallId))
            throw new InvalidRequestException($"{param}.tool_call_id is required for a tool message.", $"{param}.tool_call_id");
        var text = TextOnly(message.Content, param, required: true);
        var sk = new SkMessage(AuthorRole.Tool, [new FunctionResultContent(null, null, message.ToolCallId, text)]);
        toolNames.TryGetValue(message.ToolCallId, out var name);
        return (sk, new ExchangeMessage("tool", [new ExchangePart(ExchangePartKind.ToolResult, text, name ?? message.Name, message.ToolCallId)]));
    }

    /// <summary>Reads content that may only hold text: a string, a list of text parts, or (when not required) null.</summary>
    private static string TextOnly(JsonElement? content, string param, bool required)
    {
        if (content is not { } c || c.ValueKind == JsonValueKind.Null)
        {
            if (required) throw new InvalidRequestException($"{param}.content is required.", $"{param}.content");
            return "";
        }
        if (c.ValueKind == JsonValueKind.String)
            return c.GetString()!;
        if (c.ValueKind != JsonValueKind.Array)
            throw new InvalidRequestException($"{param}.content must be a string or an array of text parts.", $"{param}.content", "invalid_type");
        var text = new System.Text.StringBuilder();
        var index = 0;
        foreach (var part in c.EnumerateArray())
        {
            text.Append(ContentPartTranslator.ReadTextPart(part, $"{param}.content[{index}]"));
            index++;
        }
        return text.ToString();
    }
}
