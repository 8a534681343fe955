using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Telemetry;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Providers;

/// <summary>
/// Runs every exchange as a kernel function, because SK runs function-invocation filters (capture among them) only
/// around kernel functions, never around a direct chat-service call. The functions read SK's results once into the
/// neutral answer and updates, which is what the filters and the front doors see. Built once; no per-request kernel.
/// </summary>
public sealed class ChatKernel
{
    /// <summary>The KernelArguments key under which the route (and so the SK service) reaches the functions.</summary>
    private const string RouteArgument = "route";

    /// <summary>The kernel the capture filter is registered on.</summary>
    private readonly Kernel _kernel;

    /// <summary>The function that makes one non-streaming call (what the filter sees).</summary>
    private readonly KernelFunction _complete;

    /// <summary>The function that streams one call.</summary>
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

    /// <summary>Runs a non-streaming call to <paramref name="route"/>; upstream failures surface as gateway exceptions.</summary>
    public async Task<ExchangeAnswer> CompleteAsync(ModelRoute route, ExchangeRequest request, CancellationToken cancellationToken)
    {
        // The attempt's span (null when nothing listens): every front door's calls get it here.
        var attempt = AttemptTelemetry.Start(route.Target, request);
        try
        {
            var result = await _kernel.InvokeAsync(_complete, Arguments(route, request), cancellationToken).ConfigureAwait(false);
            var answer = result.GetValue<ExchangeAnswer>() ?? throw new UpstreamUnavailableException("The upstream returned no message.");
            attempt?.Succeeded(answer);
            return answer;
        }
        catch (Exception error) when (attempt is not null)
        {
            attempt.Failed(error);
            throw;
        }
    }

    /// <summary>Runs a streaming call to <paramref name="route"/>; each upstream update is yielded as soon as it arrives.</summary>
    public IAsyncEnumerable<ExchangeUpdate> StreamAsync(ModelRoute route, ExchangeRequest request, CancellationToken cancellationToken) =>
        GatewayTelemetry.On
            ? AttemptTelemetry.Observe(route.Target, request, () => _kernel.InvokeStreamingAsync<ExchangeUpdate>(_stream, Arguments(route, request), cancellationToken))
            : _kernel.InvokeStreamingAsync<ExchangeUpdate>(_stream, Arguments(route, request), cancellationToken);

    /// <summary>Wraps one attempt for the kernel: the neutral call for the filters, the route for the function body.</summary>
    private static KernelArguments Arguments(ModelRoute route, ExchangeRequest request) => new()
    {
        [ExchangeCall.ArgumentName] = new ExchangeCall(request, route.Target),
        [RouteArgument] = route,
    };

    /// <summary>The body of the non-streaming function: one call to the alias's SK service, decoded.</summary>
    private static async Task<ExchangeAnswer> CompleteCoreAsync(KernelArguments arguments, CancellationToken cancellationToken)
    {
        var route = (ModelRoute)arguments[RouteArgument]!;
        var request = ((ExchangeCall)arguments[ExchangeCall.ArgumentName]!).Request;
        try
        {
            if (PassThrough(route, request) is var (native, body))
                return await native.CompleteAsync(body, cancellationToken).ConfigureAwait(false);
            var results = await route.Service!.GetChatMessageContentsAsync(request.History, request.Settings, null, cancellationToken).ConfigureAwait(false);
            // Decoded inside the try: reading a 200 answer that has no choices fails in the SDK's model, which
            // the translator recognises as the upstream's fault.
            return results.Count > 0
                ? ResultDecoder.Decode(results[0])
                : throw new UpstreamUnavailableException($"The upstream of '{route.Alias}' returned no choices.");
        }
        catch (Exception error) when (error is not GatewayException)
        {
            throw UpstreamErrorTranslator.Translate(error, route, cancellationToken);
        }
    }

    /// <summary>
    /// The body of the streaming function: the SK stream decoded update by update (SK hands the same SDK update once
    /// per content part; it counts once), failures translated, and a stream that ends without a finish reason
    /// reported as cut short.
    /// </summary>
    private static async IAsyncEnumerable<ExchangeUpdate> StreamCore(KernelArguments arguments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var route = (ModelRoute)arguments[RouteArgument]!;
        var request = ((ExchangeCall)arguments[ExchangeCall.ArgumentName]!).Request;
        if (PassThrough(route, request) is var (native, body))
        {
            await foreach (var nativeUpdate in NativeStream(native, body, route, cancellationToken).ConfigureAwait(false))
                yield return nativeUpdate;
            yield break;
        }
        var stream = route.Service!.GetStreamingChatMessageContentsAsync(request.History, request.Settings, null, cancellationToken);
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        object? lastUpdate = null;
        var finished = false;
        var toolIndex = 0;
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
                throw UpstreamErrorTranslator.Translate(error, route, cancellationToken);
            }
            ExchangeUpdate? update;
            if (item.InnerContent is ExchangeUpdate decoded)
            {
                // The gateway's own OpenAI-compatible service: one item per chunk, already decoded and checked.
                update = decoded;
            }
            else if (item.InnerContent is OpenAI.Chat.StreamingChatCompletionUpdate sdkUpdate)
            {
                UpstreamShapeCheck.ThrowIfError(item, route);
                if (ReferenceEquals(sdkUpdate, lastUpdate))
                    continue;
                lastUpdate = sdkUpdate;
                update = ResultDecoder.Decode(sdkUpdate);
            }
            else if (item.InnerContent is Microsoft.Extensions.AI.ChatResponseUpdate chatUpdate)
            {
                update = ChatClientResultReader.Decode(chatUpdate, ref toolIndex);
            }
            else
            {
                update = ResultDecoder.DecodeText(item);
            }
            finished |= update?.FinishReason is not null;
            if (update is not null)
                yield return update;
        }
        // OpenAI-style streams always name a finish reason; a stream that just stops was cut short.
        if (!finished)
            throw new UpstreamUnavailableException($"The upstream of '{route.Alias}' ({route.Provider}) ended the stream before the answer was complete.");
    }

    /// <summary>The route's pass-through service and the client's own request, when the provider speaks the front door's protocol.</summary>
    private static (IPassThroughService Service, ExchangePassThrough Body)? PassThrough(ModelRoute route, ExchangeRequest request) =>
        request.PassThrough is { } body && route.Service is IPassThroughService native && native.Accepts(body.Protocol) ? (native, body) : null;

    /// <summary>A pass-through stream with failures translated, reported as cut short when it ends without a finish reason.</summary>
    private static async IAsyncEnumerable<ExchangeUpdate> NativeStream(IPassThroughService native, ExchangePassThrough body, ModelRoute route,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = native.StreamAsync(body, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var finished = false;
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    break;
            }
            catch (Exception error) when (error is not GatewayException)
            {
                throw UpstreamErrorTranslator.Translate(error, route, cancellationToken);
            }
            finished |= enumerator.Current.FinishReason is not null;
            yield return enumerator.Current;
        }
        if (!finished)
            throw new UpstreamUnavailableException($"The upstream of '{route.Alias}' ({route.Provider}) ended the stream before the answer was complete.");
    }
}
