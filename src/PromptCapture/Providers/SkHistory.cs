using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using PromptCapture.Exchange;
using ChatToolCall = OpenAI.Chat.ChatToolCall;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;

namespace PromptCapture.Providers;

/// <summary>
/// Builds the SK ChatHistory for neutral messages, for front doors whose wire format is not chat completions: tool
/// calls replayed verbatim through the connector's metadata key, tool results as FunctionResultContent, images and
/// audio as SK items, reasoning kept out (providers reject it in history).
/// </summary>
public static class SkHistory
{
    /// <summary>The metadata key SK's OpenAI connector reads to replay an assistant message's tool calls verbatim.</summary>
    public const string ToolCallsMetadataKey = "ChatResponseMessage.FunctionToolCalls";

    /// <summary>The metadata key SK's OpenAI connector reads for an image part's detail level.</summary>
    public const string ImageDetailMetadataKey = "ChatImageDetailLevel";

    /// <summary>The history for <paramref name="messages"/>, in order.</summary>
    public static ChatHistory Build(IReadOnlyList<ExchangeMessage> messages)
    {
        var history = new ChatHistory();
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case "system":
                    history.Add(new SkMessage(AuthorRole.System, Text(message)));
                    break;
                case "developer":
                    history.Add(new SkMessage(AuthorRole.Developer, Text(message)));
                    break;
                case "user":
                    history.Add(User(message));
                    break;
                case "assistant":
                    history.Add(Assistant(message));
                    break;
                case "tool":
                    foreach (var part in message.Parts)
                        if (part.Kind == ExchangePartKind.ToolResult)
                            history.Add(new SkMessage(AuthorRole.Tool, [new FunctionResultContent(null, null, part.ToolCallId, part.Text ?? "")]));
                    break;
            }
        }
        return history;
    }

    /// <summary>A user message: plain text when it is one text part, SK items otherwise.</summary>
    private static SkMessage User(ExchangeMessage message)
    {
        if (message.Parts is [{ Kind: ExchangePartKind.Text } only])
            return new SkMessage(AuthorRole.User, only.Text ?? "");
        var items = new ChatMessageContentItemCollection();
        foreach (var part in message.Parts)
        {
            switch (part.Kind)
            {
                case ExchangePartKind.Text:
                    items.Add(new TextContent(part.Text));
                    break;
                case ExchangePartKind.Attachment when part.MimeType?.StartsWith("audio/", StringComparison.Ordinal) == true && part.Content is { } audio:
                    items.Add(new AudioContent(audio, part.MimeType));
                    break;
                case ExchangePartKind.Attachment:
                    var image = part.Content is { } bytes ? new ImageContent(bytes, part.MimeType) : new ImageContent(new Uri(part.Url!));
                    if (part.Detail is { } detail)
                        image.Metadata = new Dictionary<string, object?> { [ImageDetailMetadataKey] = detail };
                    items.Add(image);
                    break;
            }
        }
        return new SkMessage(AuthorRole.User, items);
    }

    /// <summary>An assistant message: its text (reasoning left out) and its tool calls replayed exactly.</summary>
    private static SkMessage Assistant(ExchangeMessage message)
    {
        var sk = new SkMessage(AuthorRole.Assistant, Text(message));
        List<ChatToolCall>? calls = null;
        foreach (var part in message.Parts)
        {
            if (part.Kind == ExchangePartKind.ToolCall)
                (calls ??= []).Add(ChatToolCall.CreateFunctionToolCall(part.ToolCallId, part.ToolName, BinaryData.FromString(part.Arguments ?? "")));
        }
        if (calls is not null)
            sk.Metadata = new Dictionary<string, object?> { [ToolCallsMetadataKey] = calls };
        return sk;
    }

    /// <summary>The text parts joined (reasoning and tool parts left out).</summary>
    private static string Text(ExchangeMessage message)
    {
        if (message.Parts is [{ Kind: ExchangePartKind.Text } single])
            return single.Text ?? "";
        return string.Concat(message.Parts.Where(p => p.Kind == ExchangePartKind.Text).Select(p => p.Text));
    }
}
