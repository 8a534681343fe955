using System.Diagnostics;

namespace PromptCapture.Providers;

/// <summary>What one upstream answer may cost a provider's client: total time, silence between pieces, and size.</summary>
/// <param name="Total">The whole request, headers and body (a provider's timeoutSeconds).</param>
/// <param name="Idle">The longest wait for the next piece of the body (idleTimeoutSeconds).</param>
/// <param name="MaxResponseBytes">The largest non-streaming body (maxResponseMb).</param>
internal sealed record UpstreamLimits(TimeSpan Total, TimeSpan Idle, long MaxResponseBytes)
{
    /// <summary>Default idle timeout: generous for a model thinking before its next chunk, short next to the 600 s total.</summary>
    public const double DefaultIdleTimeoutSeconds = 120;

    /// <summary>Default largest non-streaming answer in MB: far above any chat completion, far below what hurts memory.</summary>
    public const double DefaultMaxResponseMb = 50;

    /// <summary>The limits a provider's settings ask for, defaults filled in.</summary>
    public static UpstreamLimits For(ProviderEntry provider) => new(
        TimeSpan.FromSeconds(provider.TimeoutSeconds ?? UpstreamHttpClientFactory.DefaultTimeoutSeconds),
        TimeSpan.FromSeconds(provider.IdleTimeoutSeconds ?? DefaultIdleTimeoutSeconds),
        (long)((provider.MaxResponseMb ?? DefaultMaxResponseMb) * 1024 * 1024));
}

/// <summary>
/// Enforces <see cref="UpstreamLimits"/> on the body, which HttpClient.Timeout does not cover once the headers are in
/// (the OpenAI SDK reads every body, streamed or not, after SendAsync returned): the body's stream is wrapped so a read
/// that waits past the idle timeout or the total deadline fails with a timeout, and a non-streaming body past the size
/// cap fails as too large. Above the retry handler, so the deadline counts from the first attempt.
/// </summary>
internal sealed class UpstreamLimitsHandler(UpstreamLimits limits) : DelegatingHandler
{
    /// <summary>Sends the request, then hands back the response with its body guarded.</summary>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var content = response.Content;
        // A stream grows as long as the answer and is bounded by the total deadline; only whole bodies have a size cap.
        var streamed = string.Equals(content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        long? cap = streamed ? null : limits.MaxResponseBytes;
        if (content.Headers.ContentLength > cap)
        {
            response.Dispose();
            throw new UpstreamResponseTooLargeException(limits.MaxResponseBytes);
        }
        var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var guarded = new StreamContent(new GuardedResponseStream(body, limits, started, cap));
        foreach (var (name, values) in content.Headers.NonValidated) // copied as sent: nothing parsed, nothing allocated per value
        {
            if (values.Count == 1)
                guarded.Headers.TryAddWithoutValidation(name, values.ToString());
            else
                guarded.Headers.TryAddWithoutValidation(name, values);
        }
        response.Content = guarded;
        return response;
    }
}

/// <summary>An upstream answer that ran past its size cap; an IOException, as a broken body is, with its own message.</summary>
internal sealed class UpstreamResponseTooLargeException(long limit)
    : IOException($"sent an answer larger than {limit / (1024 * 1024)} MB (maxResponseMb in providers.json).");

/// <summary>An upstream body that stalled or outlasted the whole-request timeout; a TimeoutException, with its own message.</summary>
internal sealed class UpstreamStalledException(string message) : TimeoutException(message);
