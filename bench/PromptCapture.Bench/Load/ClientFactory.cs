using System.Net;

namespace PromptCapture.Bench.Load;

/// <summary>Makes the one HttpClient each variant is driven through, with a pool large enough for the highest concurrency.</summary>
internal static class ClientFactory
{
    /// <summary>A client that never waits for a connection slot and keeps its connections for the whole run.</summary>
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 512,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
}
