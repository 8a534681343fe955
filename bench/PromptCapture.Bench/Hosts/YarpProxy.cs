using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace PromptCapture.Bench.Hosts;

/// <summary>
/// The practical floor: a plain YARP reverse proxy forwarding /v1/{**} to the upstream with direct forwarding,
/// i.e. the cost of one extra Kestrel hop and HttpClient call with no understanding of the payload.
/// </summary>
internal sealed class YarpProxy : IAsyncDisposable
{
    /// <summary>The proxy's Kestrel app.</summary>
    private readonly WebApplication _app;

    /// <summary>The proxy's own outgoing client, configured as YARP's docs advise for direct forwarding.</summary>
    private readonly HttpMessageInvoker _invoker;

    /// <summary>Builds the proxy in front of <paramref name="upstreamRoot"/>.</summary>
    private YarpProxy(string upstreamRoot)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        _app = builder.Build();
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
        var forwarder = _app.Services.GetRequiredService<IHttpForwarder>();
        _app.Map("/v1/{**rest}", async (HttpContext context) =>
        {
            // Failures are already answered with 502/504 by the forwarder; the client sees the status.
            await forwarder.SendAsync(context, upstreamRoot, _invoker, ForwarderRequestConfig.Empty, HttpTransformer.Default);
        });
    }

    /// <summary>Root URL of the proxy.</summary>
    public string RootUrl { get; private set; } = "";

    /// <summary>Starts a proxy in front of the upstream at <paramref name="upstreamRoot"/>.</summary>
    public static async Task<YarpProxy> StartAsync(string upstreamRoot)
    {
        var proxy = new YarpProxy(upstreamRoot);
        await proxy._app.StartAsync();
        proxy.RootUrl = proxy._app.Urls.First();
        return proxy;
    }

    /// <summary>Stops the proxy and its client.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _invoker.Dispose();
    }
}
