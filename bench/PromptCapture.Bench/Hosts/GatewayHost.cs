using PromptCapture.Capture.Store.Writing;
using PromptCapture.Hosting;

namespace PromptCapture.Bench.Hosts;

/// <summary>One PromptCapture gateway started in-process, exactly as `serve` builds it, with capture on or off.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>The gateway's web application.</summary>
    private readonly WebApplication _app;

    /// <summary>Wraps a started app.</summary>
    private GatewayHost(WebApplication app)
    {
        _app = app;
        RootUrl = GatewayApp.ListeningAddress(app);
        Store = app.Services.GetRequiredService<CaptureStore>();
    }

    /// <summary>Root URL of the gateway.</summary>
    public string RootUrl { get; }

    /// <summary>The gateway's capture store, for Written, Dropped, PeakQueueDepth and FlushAsync.</summary>
    public CaptureStore Store { get; }

    /// <summary>Starts a gateway on a free port; console logging is removed so it does not disturb the timing.</summary>
    public static async Task<GatewayHost> StartAsync(string providersPath, string databasePath, bool capture)
    {
        var app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0,
            ProvidersPath = providersPath,
            DatabasePath = databasePath,
            NoLog = !capture,
            Keys = _ => null,
        }, logging => logging.ClearProviders());
        await app.StartAsync();
        return new GatewayHost(app);
    }

    /// <summary>Stops the gateway, draining its capture queue.</summary>
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
