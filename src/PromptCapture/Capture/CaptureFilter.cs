using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using PromptCapture.Errors;
using PromptCapture.Exchange;

namespace PromptCapture.Capture;

/// <summary>
/// The SK filter that captures every exchange: it reads the neutral call from the kernel arguments and the neutral
/// result (for streams, each update passes through at once and the whole is recorded at the end) and hands a record
/// to the sink. It knows no wire protocol and no provider, and never delays the answer.
/// </summary>
public sealed class CaptureFilter(ICaptureSink sink, ICaptureStatus? status = null) : IFunctionInvocationFilter
{
    /// <summary>Wraps one kernel function call; with capture off, or for a client that logs the exchange itself, it only passes the call on.</summary>
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        if (status is { Enabled: false } || !context.Arguments.TryGetValue(ExchangeCall.ArgumentName, out var value) || value is not ExchangeCall call
            || call.Request.Client.LoggedByClient)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        // The turn id is made as the exchange starts, as llm makes a response's id when the prompt starts: turns then
        // sort by when they were asked, not by when a background writer got to them, which matters once several
        // instances' files are merged. With tracing on it goes on the spans too.
        var turnId = Store.PythonCompat.Ulid.NewUlid();
        call = call with { TurnId = Telemetry.GatewayTelemetry.Tracing ? Telemetry.CaptureTelemetry.TagTurn(turnId) : turnId };
        if (!context.IsStreaming)
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                sink.Submit(Record(call, null, error));
                throw;
            }
            sink.Submit(Record(call, context.Result.GetValue<ExchangeAnswer>(), null));
            return;
        }
        await next(context).ConfigureAwait(false);
        if (context.Result.GetValue<IAsyncEnumerable<ExchangeUpdate>>() is { } stream)
            context.Result = new FunctionResult(context.Result, Observe(stream, call, context.CancellationToken));
    }

    /// <summary>Passes every update on unchanged and records the folded answer when the stream ends, fails or is abandoned.</summary>
    private async IAsyncEnumerable<ExchangeUpdate> Observe(
        IAsyncEnumerable<ExchangeUpdate> stream, ExchangeCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answer = new AnswerBuilder();
        Exception? failure = null;
        var completed = false;
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ExchangeUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        completed = true;
                        break;
                    }
                    update = enumerator.Current;
                }
                catch (Exception error)
                {
                    failure = error;
                    throw;
                }
                answer.Add(update);
                yield return update;
            }
        }
        finally
        {
            // Not completed and no failure: the consumer stopped reading, i.e. the client went away.
            sink.Submit(Record(call, answer.Build(), completed ? null : failure ?? new OperationCanceledException("The client stopped reading the stream.")));
        }
    }

    /// <summary>The record of a finished, failed or cancelled exchange.</summary>
    private static CaptureRecord Record(ExchangeCall call, ExchangeAnswer? answer, Exception? failure)
    {
        var (status, type, _) = failure is null ? (200, "", null) : ErrorClassification.Classify(failure);
        return new CaptureRecord
        {
            Request = call.Request,
            Target = call.Target,
            Answer = answer,
            DurationMs = (long)Stopwatch.GetElapsedTime(call.Request.StartTimestamp).TotalMilliseconds,
            Outcome = failure switch
            {
                null => CaptureOutcome.Succeeded,
                OperationCanceledException => CaptureOutcome.Cancelled,
                _ => CaptureOutcome.Failed,
            },
            HttpStatus = status,
            ErrorType = failure is null ? null : type,
            ErrorMessage = failure?.Message,
            TurnId = call.TurnId,
        };
    }
}
