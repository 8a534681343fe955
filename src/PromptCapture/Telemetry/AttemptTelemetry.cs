using System.Diagnostics;
using PromptCapture.Errors;
using PromptCapture.Exchange;

namespace PromptCapture.Telemetry;

/// <summary>
/// One attempt at one alias (the alias asked for, or a fallback): a client span `chat {upstream model}` under the
/// request's span, with the provider, the answer's attributes or the failure; the upstream HTTP tries (retries)
/// are its children. Started by the kernel, so every front door gets it without doing anything.
/// </summary>
internal sealed class AttemptTelemetry
{
    /// <summary>The attempt's span, or null when only metrics listen.</summary>
    private readonly Activity? _span;

    /// <summary>The request this attempt belongs to, or null when the kernel was called outside the fallback loop.</summary>
    private readonly RequestTelemetry? _request;

    /// <summary>Where the attempt goes.</summary>
    private readonly ExchangeTarget _target;

    /// <summary>When the attempt started, for time to first chunk.</summary>
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>Starts the span as a child of the current activity (the request's span).</summary>
    private AttemptTelemetry(ExchangeTarget target, ExchangeRequest request, int index)
    {
        _target = target;
        _request = RequestTelemetry.Current;
        _request?.Describe(request);
        _span = GatewayTelemetry.Source.StartActivity($"{GenAi.Chat} {target.UpstreamModel}", ActivityKind.Client);
        if (_span is { IsAllDataRequested: true } span)
        {
            span.SetTag(GenAi.OperationName, GenAi.Chat);
            span.SetTag(GenAi.ProviderName, target.Provider);
            span.SetTag(GenAi.RequestModel, target.UpstreamModel);
            span.SetTag(GenAi.ServedAlias, target.Alias);
            span.SetTag(GenAi.FrontDoor, request.Client.FrontDoor);
            span.SetTag(GenAi.FallbackIndex, index);
        }
    }

    /// <summary>Starts an attempt's telemetry when anything listens.</summary>
    public static AttemptTelemetry? Start(ExchangeTarget target, ExchangeRequest request) =>
        GatewayTelemetry.On ? new AttemptTelemetry(target, request, RequestTelemetry.Current?.NextAttempt() ?? 0) : null;

    /// <summary>The attempt's span, for the capture filter's turn id.</summary>
    public Activity? Span => _span;

    /// <summary>The answer arrived whole (or the stream ended): attributes set, span ended.</summary>
    public void Succeeded(ExchangeAnswer answer)
    {
        if (_span is { IsAllDataRequested: true } span)
            RequestAttributes.AddAnswer(span, answer);
        _request?.Answered(_target, answer);
        _span?.Dispose();
    }

    /// <summary>The attempt failed: error.type and status on the span, the request told.</summary>
    public void Failed(Exception error)
    {
        var (status, type, _) = ErrorClassification.Classify(error);
        if (_span is { } span)
        {
            span.SetTag(GenAi.ErrorType, type);
            span.SetTag(GenAi.HttpStatus, status);
            span.SetStatus(ActivityStatusCode.Error, type);
            span.Dispose();
        }
        _request?.AttemptFailed(_target, error);
    }

    /// <summary>The first chunk with content arrived: time to first chunk recorded.</summary>
    public void FirstChunk()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        _span?.SetTag("gen_ai.response.time_to_first_chunk", seconds);
        if (GatewayTelemetry.TimeToFirstChunk.Enabled)
        {
            GatewayTelemetry.TimeToFirstChunk.Record(seconds, new TagList
            {
                { GenAi.OperationName, GenAi.Chat }, { GenAi.ProviderName, _target.Provider }, { GenAi.RequestModel, _target.UpstreamModel },
            });
        }
    }

    /// <summary>
    /// (Called only when <see cref="GatewayTelemetry.On"/>.) Wraps a stream so the attempt's span is current while the upstream is read (the HTTP try and its traceparent
    /// hang under it), times the first chunk, folds the answer's attributes and ends the span with the stream.
    /// </summary>
    public static IAsyncEnumerable<ExchangeUpdate> Observe(ExchangeTarget target, ExchangeRequest request, Func<IAsyncEnumerable<ExchangeUpdate>> stream) =>
        new ObservedStream(target, request, stream);

    /// <summary>The stream wrapper; the attempt starts when enumeration starts, as the upstream call does.</summary>
    private sealed class ObservedStream(ExchangeTarget target, ExchangeRequest request, Func<IAsyncEnumerable<ExchangeUpdate>> stream)
        : IAsyncEnumerable<ExchangeUpdate>
    {
        /// <summary>Starts the attempt and then the inner stream under its span.</summary>
        public IAsyncEnumerator<ExchangeUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            var attempt = new AttemptTelemetry(target, request, RequestTelemetry.Current?.NextAttempt() ?? 0);
            var previous = Activity.Current;
            Activity.Current = attempt._span ?? previous;
            try
            {
                return new Enumerator(attempt, stream().GetAsyncEnumerator(cancellationToken));
            }
            finally
            {
                Activity.Current = previous;
            }
        }
    }

    /// <summary>Reads the inner stream with the attempt's span current, noting first chunk, finish, model and usage.</summary>
    private sealed class Enumerator(AttemptTelemetry attempt, IAsyncEnumerator<ExchangeUpdate> inner) : IAsyncEnumerator<ExchangeUpdate>
    {
        /// <summary>Whether a chunk with content was seen.</summary>
        private bool _sawChunk;

        /// <summary>Whether the span was ended.</summary>
        private bool _ended;

        /// <summary>What the answer's attributes need, folded from the updates.</summary>
        private string? _finish, _model;

        /// <summary>The stream's usage update.</summary>
        private ExchangeUsage? _usage;

        /// <summary>The whole answer, folded only when message contents are opted in.</summary>
        private readonly AnswerBuilder? _content = RequestAttributes.CaptureContent ? new AnswerBuilder() : null;

        /// <summary>The current update.</summary>
        public ExchangeUpdate Current => inner.Current;

        /// <summary>One step of the inner stream, under the attempt's span (restored for the caller afterwards by the async method).</summary>
        public async ValueTask<bool> MoveNextAsync()
        {
            if (attempt._span is { } span)
                Activity.Current = span;
            bool more;
            try
            {
                more = await inner.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception error)
            {
                End(error);
                throw;
            }
            if (!more)
            {
                End(null);
                return false;
            }
            var update = inner.Current;
            if (!_sawChunk && update.HasDelta)
            {
                _sawChunk = true;
                attempt.FirstChunk();
            }
            _finish = update.FinishReason ?? _finish;
            _model = update.Model ?? _model;
            _usage = update.Usage ?? _usage;
            _content?.Add(update);
            return true;
        }

        /// <summary>A stream abandoned before its end (the client left) ends the span as cancelled.</summary>
        public async ValueTask DisposeAsync()
        {
            if (!_ended)
                End(new OperationCanceledException("The client stopped reading the stream."));
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        /// <summary>Ends the attempt once.</summary>
        private void End(Exception? error)
        {
            if (_ended)
                return;
            _ended = true;
            if (error is null)
                attempt.Succeeded(_content?.Build() ?? new ExchangeAnswer { FinishReason = _finish, Model = _model, Usage = _usage });
            else
                attempt.Failed(error);
        }
    }
}
