using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using OpenAI.Chat;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Providers;

/// <summary>
/// The offline provider: answers with the last user message, as an SK chat service like any other, so a newcomer
/// can try the whole path (capture included) with no key and no network. Token counts are whitespace-separated words.
/// </summary>
public sealed class EchoChatCompletionService(string modelId) : IChatCompletionService
{
    /// <summary>SK reads the model id from here.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { ["ModelId"] = modelId };

    /// <summary>Returns the last user message as the answer, with OpenAI-shaped inner content and usage.</summary>
    public Task<IReadOnlyList<SkMessage>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var answer = LastUserText(chatHistory);
        var completion = OpenAIChatModelFactory.ChatCompletion(
            id: "echo-" + Guid.NewGuid().ToString("N"),
            finishReason: ChatFinishReason.Stop,
            content: new OpenAI.Chat.ChatMessageContent(answer),
            role: ChatMessageRole.Assistant,
            createdAt: DateTimeOffset.UtcNow,
            model: modelId,
            usage: Usage(chatHistory, answer));
        IReadOnlyList<SkMessage> result = [new SkMessage(AuthorRole.Assistant, answer, modelId, completion)];
        return Task.FromResult(result);
    }

    /// <summary>Streams the answer word by word, ending with a finish chunk and a usage chunk like OpenAI does.</summary>
    public async IAsyncEnumerable<SkStreamingMessage> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var answer = LastUserText(chatHistory);
        var id = "echo-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        var first = true;
        foreach (var piece in SplitKeepingSpaces(answer))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var update = OpenAIChatModelFactory.StreamingChatCompletionUpdate(
                completionId: id, contentUpdate: new OpenAI.Chat.ChatMessageContent(piece),
                role: first ? ChatMessageRole.Assistant : null, createdAt: created, model: modelId);
            first = false;
            yield return new SkStreamingMessage(AuthorRole.Assistant, piece, update, modelId: modelId);
            await Task.Yield();
        }
        var finish = OpenAIChatModelFactory.StreamingChatCompletionUpdate(
            completionId: id, role: first ? ChatMessageRole.Assistant : null, finishReason: ChatFinishReason.Stop, createdAt: created, model: modelId);
        yield return new SkStreamingMessage(AuthorRole.Assistant, null, finish, modelId: modelId);
        var usage = OpenAIChatModelFactory.StreamingChatCompletionUpdate(completionId: id, createdAt: created, model: modelId, usage: Usage(chatHistory, answer));
        yield return new SkStreamingMessage(null, null, usage, modelId: modelId);
    }

    /// <summary>The text of the last user message, or an empty string when there is none.</summary>
    private static string LastUserText(ChatHistory history)
    {
        for (var i = history.Count - 1; i >= 0; i--)
            if (history[i].Role == AuthorRole.User)
                return string.Concat(history[i].Items.OfType<TextContent>().Select(t => t.Text));
        return "";
    }

    /// <summary>Counts words as tokens: crude, but stable and free.</summary>
    private static ChatTokenUsage Usage(ChatHistory history, string answer)
    {
        var input = history.Sum(m => CountWords(string.Concat(m.Items.OfType<TextContent>().Select(t => t.Text))));
        var output = CountWords(answer);
        return OpenAIChatModelFactory.ChatTokenUsage(outputTokenCount: output, inputTokenCount: input, totalTokenCount: input + output);
    }

    /// <summary>Whitespace-separated words in a text.</summary>
    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Splits into pieces that concatenate back to the exact text (each word keeps its trailing spaces).</summary>
    private static IEnumerable<string> SplitKeepingSpaces(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i])))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }
}
