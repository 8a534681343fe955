using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace PromptCapture.Bench.Micro;

/// <summary>
/// An SK chat service that replays answers recorded from the real OpenAI connector, with no I/O, so the kernel and
/// capture filter's own cost can be timed without the network.
/// </summary>
/// <param name="answer">The non-streaming answer to return.</param>
/// <param name="stream">The streamed items to yield.</param>
internal sealed class CannedChatService(ChatMessageContent answer, IReadOnlyList<StreamingChatMessageContent> stream) : IChatCompletionService
{
    /// <summary>The answer list, built once.</summary>
    private readonly IReadOnlyList<ChatMessageContent> _answers = [answer];

    /// <summary>SK reads the model id from here.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { ["ModelId"] = "m" };

    /// <summary>Returns the recorded answer at once.</summary>
    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_answers);

    /// <summary>Yields the recorded stream at once.</summary>
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var item in stream)
            yield return item;
    }
}
