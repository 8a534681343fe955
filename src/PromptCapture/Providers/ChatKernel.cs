using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using PromptCapture.Errors;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Providers;

/// <summary>
/// Runs every chat call as a kernel function, because SK runs function-invocation filters (capture among them)
/// only around kernel functions, never around a direct chat-service call. Built once; no per-request kernel.
/// </summary>
public sealed class ChatKernel
{
    private readonly Kernel _kernel;
    private readonly KernelFunction _complete;
    private readonly KernelFunction _stream;

    /// <summary>Creates the kernel with the given filters and the two chat functions.</summary>
    public ChatKernel(IEnumerable<IFunctionInvocationFilter> filters)
    {
        _kernel = new Kernel();
        foreach (var filter in filters)
            _kernel.FunctionInvocationFilters.Add(filter);
        _complete = KernelFunctionFactory.CreateFromMethod(CompleteCoreAsync, "chat_complete", "One non-streaming chat completion.");
        _stream = KernelFunctionFactory.CreateFromMethod(StreamCore, "chat_stream", "One streaming chat completion.");
    }

    /// <summary>Runs a non-streaming call; upstream failures surface as gateway exceptions.</summary>
    public async Task<SkMessage> CompleteAsync(ChatInvocation invocation, CancellationToken cancellationToken)
    {
        var result = await _kernel.InvokeAsync(_complete, Arguments(invocation), cancellationToken).ConfigureAwait(false);
        return result.GetValue<SkMessage>() ?? throw new UpstreamUnavailableException("The upstream returned no message.");
    }

    /// <summary>Runs a streaming call; each upstream delta is yielded as soon as it arrives.</summary>
    public IAsyncEnumerable<SkStreamingMessage> StreamAsync(ChatInvocation invocation, CancellationToken cancellationToken) =>
        _kernel.InvokeStreamingAsync<SkStreamingMessage>(_stream, Arguments(invocation), cancellationToken);

    /// <summary>Wraps the invocation for the kernel.</summary>
    private static KernelArguments Arguments(ChatInvocation invocation) => new() { [ChatInvocation.ArgumentName] = invocation };

    /// <summary>The body of the non-streaming function: one call to the alias's SK service.</summary>
    private static async Task<SkMessage> CompleteCoreAsync(KernelArguments arguments, CancellationToken cancellationToken)
    {
        var invocation = (ChatInvocation)arguments[ChatInvocation.ArgumentName]!;
        var service = invocation.Route.Service!;
        try
        {
            var results = await service.GetChatMessageContentsAsync(invocation.History, invocation.Settings, null, cancellationToken).ConfigureAwait(false);
            return results.Count > 0 ? results[0] : throw new UpstreamUnavailableException($"The upstream of '{invocation.Route.Alias}' returned no choices.");
        }
        catch (Exception error) when (error is not GatewayException)
        {
            throw UpstreamErrorTranslator.Translate(error, invocation.Route, cancellationToken);
        }
    }

    /// <summary>The body of the streaming function: the SK stream with failures translated, item by item, and a stream that ends without a finish reason reported as cut short.</summary>
    private static async IAsyncEnumerable<SkStreamingMessage> StreamCore(KernelArguments arguments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var invocation = (ChatInvocation)arguments[ChatInvocation.ArgumentName]!;
        var stream = invocation.Route.Service!.GetStreamingChatMessageContentsAsync(invocation.History, invocation.Settings, null, cancellationToken);
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        var finished = false;
        while (true)
        {
            SkStreamingMessage item;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    break;
                item = enumerator.Current;
            }
            catch (Exception error) when (error is not GatewayException)
            {
                throw UpstreamErrorTranslator.Translate(error, invocation.Route, cancellationToken);
            }
            UpstreamShapeCheck.ThrowIfError(item, invocation.Route);
            finished |= item.InnerContent is OpenAI.Chat.StreamingChatCompletionUpdate { FinishReason: not null };
            yield return item;
        }
        // OpenAI-style streams always name a finish reason; a stream that just stops was cut short.
        if (!finished)
            throw new UpstreamUnavailableException($"The upstream of '{invocation.Route.Alias}' ({invocation.Route.Provider}) ended the stream before the answer was complete.");
    }
}
