using System.Diagnostics;
using PromptCapture.Errors;
using PromptCapture.Exchange;

namespace PromptCapture.Telemetry;

/// <summary>
/// One client request as telemetry sees it: the `chat {alias}` span (continuing the client's W3C trace) and the
/// request metrics, started by the fallback loop every front door runs, filled in by the attempts beneath it.
/// Null everywhere when nothing listens.
/// </summary>
public sealed class RequestTelemetry
{
    /// <summary>The request in flight on this async flow, for the attempts to fill in.</summary>
    private static readonly AsyncLocal<RequestTelemetry?> CurrentRequest = new();

    /// <summary>When the request started (Stopwatch timestamp).</summary>
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>The alias the client asked for.</summary>
    private readonly string _alias;

    /// <summary>The request's span, or null when only metrics listen.</summary>
    public Activity? Activity { get; }

    /// <summary>The front door, once an attempt named it.</summary>
    private string? _frontDoor;

    /// <summary>The provider and response model of the last attempt.</summary>
    private string? _provider, _responseModel;

    /// <summary>Token counts of the answer, when reported.</summary>
    private ExchangeUsage? _usage;

    /// <summary>The failure classification set by a failed attempt (a stream that broke after its headers).</summary>
    private (int Status, string Type)? _failure;

    /// <summary>Starts the span with the client's traceparent as parent (not whatever ASP.NET made), or as a root.</summary>
    private RequestTelemetry(string alias, ActivityContext parent)
    {
        _alias = alias;
        // An ASP.NET activity that nobody exports must not become our parent, or the exported trace has a hole.
        var previous = Activity.Current;
        Activity.Current = null;
        Activity = GatewayTelemetry.Source.StartActivity($"{GenAi.Chat} {alias}", ActivityKind.Server, parent);
        if (Activity is null)
            Activity.Current = previous;
        Activity?.SetTag(GenAi.OperationName, GenAi.Chat);
        Activity?.SetTag(GenAi.RequestModel, alias);
    }

    /// <summary>The request of the current flow, or null.</summary>
    public static RequestTelemetry? Current => CurrentRequest.Value;

    /// <summary>Starts a request's telemetry when anything listens; the client's traceparent/tracestate continue its trace.</summary>
    public static RequestTelemetry? Begin(string alias, string? traceparent, string? tracestate)
    {
        if (!GatewayTelemetry.On)
            return null;
        ActivityContext.TryParse(traceparent, tracestate, isRemote: true, out var parent);
        var request = new RequestTelemetry(alias, parent);
        CurrentRequest.Value = request;
        return request;
    }

    /// <summary>Attempts started so far.</summary>
    private int _attempts;

    /// <summary>The index of the next attempt (0 for the alias asked for, then fallbacks).</summary>
    internal int NextAttempt() => Interlocked.Increment(ref _attempts) - 1;

    /// <summary>The first attempt names the front door and the request's attributes (options, conversation, content if opted in).</summary>
    internal void Describe(ExchangeRequest request)
    {
        if (_frontDoor is not null)
            return;
        _frontDoor = request.Client.FrontDoor;
        if (Activity is not { IsAllDataRequested: true } span)
            return;
        span.SetTag(GenAi.FrontDoor, request.Client.FrontDoor);
        span.SetTag(GenAi.ResponseId, request.Client.RequestId);
        span.SetTag(GenAi.Stream, request.Client.Stream);
        if (request.Client.SessionId is { } session)
            span.SetTag(GenAi.ConversationId, session);
        span.SetTag(GenAi.OutputType, request.Schema is null ? "text" : "json");
        RequestAttributes.AddOptions(span, request.Options);
        if (RequestAttributes.CaptureContent)
            RequestAttributes.AddInput(span, request.Messages);
    }

    /// <summary>An attempt ended with an answer: response attributes on the request span.</summary>
    internal void Answered(ExchangeTarget target, ExchangeAnswer answer)
    {
        _provider = target.Provider;
        _responseModel = answer.Model;
        _usage = answer.Usage;
        if (Activity is not { IsAllDataRequested: true } span)
            return;
        span.SetTag(GenAi.ProviderName, target.Provider);
        span.SetTag(GenAi.ServedAlias, target.Alias);
        RequestAttributes.AddAnswer(span, answer);
    }

    /// <summary>An attempt failed: remembered, so a stream that broke after its headers still ends as an error.</summary>
    internal void AttemptFailed(ExchangeTarget target, Exception error)
    {
        _provider = target.Provider;
        var (status, type, _) = ErrorClassification.Classify(error);
        _failure = (status, type);
    }

    /// <summary>The fallback loop moves on to the next alias.</summary>
    public void FellBack(string from, string to, Exception error)
    {
        _failure = null;
        var type = ErrorClassification.Classify(error).Type;
        if (GatewayTelemetry.Fallbacks.Enabled)
        {
            GatewayTelemetry.Fallbacks.Add(1, new TagList { { "promptcapture.from_alias", from }, { "promptcapture.to_alias", to }, { GenAi.ErrorType, type } });
        }
        Activity?.AddEvent(new ActivityEvent("fallback", tags: new ActivityTagsCollection { ["promptcapture.from_alias"] = from, ["promptcapture.to_alias"] = to, [GenAi.ErrorType] = type }));
    }

    /// <summary>Ends the request: status and error on the span, the duration, token and request metrics recorded.</summary>
    public void End(Exception? error)
    {
        CurrentRequest.Value = null;
        var (status, type) = error is null ? _failure ?? (200, null!) : Classified(error);
        var errorType = status >= 400 ? type : null;
        if (Activity is { } span)
        {
            span.SetTag(GenAi.HttpStatus, status);
            if (errorType is not null)
            {
                span.SetTag(GenAi.ErrorType, errorType);
                span.SetStatus(ActivityStatusCode.Error, error?.Message is { } message ? Redacted(message) : errorType);
            }
            span.Dispose();
        }
        var tags = new TagList
        {
            { GenAi.OperationName, GenAi.Chat },
            { GenAi.RequestModel, _alias },
        };
        if (_provider is not null)
            tags.Add(GenAi.ProviderName, _provider);
        if (_responseModel is not null)
            tags.Add(GenAi.ResponseModel, _responseModel);
        if (errorType is not null)
            tags.Add(GenAi.ErrorType, errorType);
        if (GatewayTelemetry.OperationDuration.Enabled)
            GatewayTelemetry.OperationDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
        if (_usage is { } usage && GatewayTelemetry.TokenUsage.Enabled)
        {
            var input = tags;
            input.Add(GenAi.TokenType, "input");
            GatewayTelemetry.TokenUsage.Record(usage.InputTokens, input);
            var output = tags;
            output.Add(GenAi.TokenType, "output");
            GatewayTelemetry.TokenUsage.Record(usage.OutputTokens, output);
        }
        if (GatewayTelemetry.Requests.Enabled)
        {
            var counted = new TagList { { GenAi.RequestModel, _alias }, { GenAi.HttpStatus, status } };
            if (_frontDoor is not null)
                counted.Add(GenAi.FrontDoor, _frontDoor);
            if (errorType is not null)
                counted.Add(GenAi.ErrorType, errorType);
            GatewayTelemetry.Requests.Add(1, counted);
        }
    }

    /// <summary>Status and type of a failure.</summary>
    private static (int, string) Classified(Exception error)
    {
        var (status, type, _) = ErrorClassification.Classify(error);
        return (status, type);
    }

    /// <summary>The last guard for the span: known keys masked (before cutting, so no half key survives), then cut to 500.</summary>
    private static string Redacted(string message)
    {
        var masked = GatewayTelemetry.Redact(message);
        return masked.Length > 500 ? masked[..500] : masked;
    }
}
