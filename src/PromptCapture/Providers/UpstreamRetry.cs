using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace PromptCapture.Providers;

/// <summary>
/// Retries an upstream's 408, 429 and 5xx answers and failed connections with exponential backoff and jitter,
/// waiting what Retry-After asks when it asks for little enough. It works below SK, on the HTTP exchange, so a
/// retry can only happen before the response (and thus any streamed byte) reached the gateway.
/// </summary>
public static class UpstreamRetry
{
    /// <summary>Default retries after the first attempt.</summary>
    public const int DefaultMaxRetries = 2;
    /// <summary>Default first backoff.</summary>
    public const int DefaultBaseDelayMs = 500;
    /// <summary>Default longest Retry-After that is waited for.</summary>
    public const double DefaultMaxRetryAfterSeconds = 10;

    /// <summary>Wraps the socket handler in the provider's retry policy; no wrapping when retries are off.</summary>
    public static HttpMessageHandler Wrap(HttpMessageHandler inner, RetryEntry? settings)
    {
        var retries = settings?.MaxRetries ?? DefaultMaxRetries;
        if (retries == 0)
            return inner;
        var maxRetryAfter = TimeSpan.FromSeconds(settings?.MaxRetryAfterSeconds ?? DefaultMaxRetryAfterSeconds);
        var options = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = retries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(settings?.BaseDelayMs ?? DefaultBaseDelayMs),
            MaxDelay = maxRetryAfter,
            ShouldRetryAfterHeader = true,
        };
        var standard = options.ShouldHandle;
        options.ShouldHandle = args => RetryAfter(args.Outcome.Result) > maxRetryAfter ? PredicateResult.False() : standard(args);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(options).Build();
        return new ResilienceHandler(pipeline) { InnerHandler = inner };
    }

    /// <summary>The wait a response's Retry-After asks for, or zero.</summary>
    private static TimeSpan RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } header || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return TimeSpan.Zero;
        if (header.Delta is { } delta)
            return delta;
        return header.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.Zero;
    }
}
