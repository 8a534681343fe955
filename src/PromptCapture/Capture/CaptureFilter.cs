using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using PromptCapture.Errors;
using PromptCapture.Providers;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Capture;

/// <summary>
/// The SK filter that captures every chat call: it watches the request and the final result (for streams, each
/// chunk passes through at once and the whole is recorded at the end) and hands a record to the sink. It knows
/// nothing of HTTP and never delays the answer.
/// </summary>
public sealed class CaptureFilter(ICaptureSink sink, ICaptureStatus? status = null) : IFunctionInvocationFilter
{
    /// <summary>Wraps one kernel function call; with capture off it only passes the call on.</summary>
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        if (status is { Enabled: false } || context.Arguments.TryGetValue(ChatInvocation.ArgumentName, out var value) is false || value is not ChatInvocation invocation)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var request = invocation.Capture;
        if (!context.IsStreaming)
        {
            var output = new OutputAssembler();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                sink.Submit(Record(request, output, error));
                throw;
            }
            if (context.Result.GetValue<Microsoft.SemanticKernel.ChatMessageContent>() is { } message)
                output.Add(message);
            sink.Submit(Record(request, output, null));
            return;
        }
        await next(context).ConfigureAwait(false);
        var stream = context.Result.GetValue<IAsyncEnumerable<SkStreamingMessage>>();
        if (stream is not null)
            context.Result = new FunctionResult(context.Result, Observe(stream, request, context.CancellationToken));
    }

    /// <summary>Passes every chunk on unchanged and records the assembled answer when the stream ends, fails or is abandoned.</summary>
    private async IAsyncEnumerable<SkStreamingMessage> Observe(
        IAsyncEnumerable<SkStreamingMessage> stream, CaptureContext request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var output = new OutputAssembler();
        Exception? failure = null;
        var completed = false;
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                SkStreamingMessage item;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        completed = true;
                        break;
                    }
                    item = enumerator.Current;
                }
                catch (Exception error)
                {
                    failure = error;
                    throw;
                }
                output.Add(item);
                yield return item;
            }
        }
        finally
        {
            // Not completed and no failure: the consumer stopped reading, i.e. the client went away.
            sink.Submit(Record(request, output, completed ? null : failure ?? new OperationCanceledException("The client stopped reading the stream.")));
        }
    }

    /// <summary>Builds the record for a finished, failed or cancelled exchange.</summary>
    private static CaptureRecord Record(CaptureContext request, OutputAssembler output, Exception? failure)
    {
        var (status, type, _) = failure is null ? (200, "", null) : ErrorClassification.Classify(failure);
        var outcome = failure switch
        {
            null => CaptureOutcome.Succeeded,
            OperationCanceledException => CaptureOutcome.Cancelled,
            _ => CaptureOutcome.Failed,
        };
        return new CaptureRecord
        {
            Model = request.Model,
            ResolvedModel = output.ResolvedModel,
            Provider = request.Provider,
            UpstreamModel = request.UpstreamModel,
            Messages = request.Messages,
            Output = output.Output(),
            Options = request.Options,
            Tools = request.Tools,
            Schema = request.Schema,
            InputTokens = output.Usage?.InputTokenCount,
            OutputTokens = output.Usage?.OutputTokenCount,
            TokenDetails = output.TokenDetails(),
            StartedUtc = request.StartedUtc,
            DurationMs = (long)Stopwatch.GetElapsedTime(request.StartTimestamp).TotalMilliseconds,
            ResponseJsonSource = output.ResponseJsonSource,
            FinishReason = output.FinishReason,
            Outcome = outcome,
            ErrorType = failure is null ? null : type,
            ErrorMessage = failure?.Message,
            Client = request.Client is { } client ? client with { HttpStatus = status } : null,
        };
    }
}
