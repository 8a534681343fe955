using System.Net;

namespace PromptCapture.Providers;

/// <summary>
/// Makes one pooled HttpClient per provider, with that provider's connect and total timeouts, retry policy, and the
/// limits on the answer's body (idle timeout, total deadline, size) that HttpClient.Timeout does not enforce.
/// </summary>
public static class UpstreamHttpClientFactory
{
    /// <summary>Default whole-request timeout: long answers from reasoning models take minutes.</summary>
    public const double DefaultTimeoutSeconds = 600;

    /// <summary>Default TCP connect timeout.</summary>
    public const double DefaultConnectTimeoutSeconds = 10;

    /// <summary>Creates the client for one provider; lives as long as the registry.</summary>
    public static HttpClient Create(ProviderEntry provider)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(provider.ConnectTimeoutSeconds ?? DefaultConnectTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.All,
            MaxConnectionsPerServer = 1024,
            UseCookies = false,
            // The upstream try's own span sends the traceparent (Telemetry/UpstreamTryHandler); the handler's default
            // would send the id of a span of its own that nobody exports, leaving a hole in the trace.
            ActivityHeadersPropagator = null,
        };
        var limited = new UpstreamLimitsHandler(UpstreamLimits.For(provider)) { InnerHandler = UpstreamRetry.Wrap(new Telemetry.UpstreamTryHandler { InnerHandler = handler }, provider.Retry) };
        var relayed = new UpstreamHeadersHandler { InnerHandler = limited };
        HttpMessageHandler outer = provider.Type == ProviderKind.Anthropic ? new AnthropicVersionHandler { InnerHandler = relayed } : relayed;
        return new HttpClient(outer, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(provider.TimeoutSeconds ?? DefaultTimeoutSeconds),
        };
    }
}
