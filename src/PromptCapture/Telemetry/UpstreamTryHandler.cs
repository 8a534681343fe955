using System.Diagnostics;

namespace PromptCapture.Telemetry;

/// <summary>
/// One span per upstream HTTP try, below the retry policy, so every retry shows as its own child of the attempt;
/// the try sends its own span's W3C traceparent upstream, carrying the client's trace on. Passes the request
/// straight through when nothing listens.
/// </summary>
internal sealed class UpstreamTryHandler : DelegatingHandler
{
    /// <summary>The option under which a request counts its tries across retries.</summary>
    private static readonly HttpRequestOptionsKey<StrongBox> Tries = new("promptcapture.tries");

    /// <summary>Passes the try straight through (no extra async step) while nothing listens.</summary>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        GatewayTelemetry.On ? SendTracedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    /// <summary>Sends one try inside its span.</summary>
    private async Task<HttpResponseMessage> SendTracedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Tries, out var tries))
        {
            tries = new StrongBox();
            request.Options.Set(Tries, tries);
        }
        var resend = tries.Value++;
        var provider = Activity.Current?.GetTagItem(GenAi.ProviderName) as string;
        if (resend > 0 && GatewayTelemetry.Retries.Enabled)
            GatewayTelemetry.Retries.Add(1, new TagList { { GenAi.ProviderName, provider } });
        using var span = GatewayTelemetry.Source.StartActivity(request.Method.Method, ActivityKind.Client);
        if (span is not null)
        {
            request.Headers.Remove("traceparent");
            request.Headers.Remove("tracestate");
            request.Headers.TryAddWithoutValidation("traceparent", span.Id);
            if (span.TraceStateString is { Length: > 0 } state)
                request.Headers.TryAddWithoutValidation("tracestate", state);
        }
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("http.request.method", request.Method.Method);
            span.SetTag(GenAi.ServerAddress, request.RequestUri?.Host);
            span.SetTag(GenAi.ServerPort, request.RequestUri?.Port);
            span.SetTag("url.path", request.RequestUri?.AbsolutePath);
            if (resend > 0)
                span.SetTag(GenAi.ResendCount, resend);
            if (span.Parent is { } attempt && attempt.Source == GatewayTelemetry.Source)
            {
                attempt.SetTag(GenAi.ServerAddress, request.RequestUri?.Host);
                attempt.SetTag(GenAi.ServerPort, request.RequestUri?.Port);
            }
        }
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            span?.SetTag(GenAi.HttpStatus, (int)response.StatusCode);
            if ((int)response.StatusCode >= 400 && span is not null)
            {
                span.SetTag(GenAi.ErrorType, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                span.SetStatus(ActivityStatusCode.Error);
            }
            return response;
        }
        catch (Exception error) when (span is not null)
        {
            span.SetTag(GenAi.ErrorType, error.GetType().Name);
            span.SetStatus(ActivityStatusCode.Error);
            throw;
        }
    }

    /// <summary>A mutable count shared by the tries of one request.</summary>
    private sealed class StrongBox
    {
        /// <summary>Tries so far.</summary>
        public int Value;
    }
}
