using PromptCapture.Capture.Store;
using PromptCapture.Hosting;
using PromptCapture.Viewer.Api;
using PromptCapture.Viewer.Auth;
using PromptCapture.Viewer.Live;

namespace PromptCapture.Viewer;

/// <summary>Registers the capture viewer in one call, as the gateway registers each of its parts.</summary>
public static class ViewerServices
{
    /// <summary>
    /// Adds the viewer's services: it is on or off by <see cref="ViewerDecision.Decide"/>, and reads the database serve
    /// captures into (llm's logs.db unless --db says otherwise), even with capture off.
    /// </summary>
    public static IServiceCollection AddViewer(this IServiceCollection services, GatewayOptions options)
    {
        var decision = ViewerDecision.Decide(options.Viewer, options.Host, options.ApiKeys.Count);
        services.AddSingleton(decision);
        services.AddSingleton(sp => new ViewerSite(decision, LlmDatabaseLocation.Resolve(options.DatabasePath, createDirectory: false),
            new GatewayKeys(options.ApiKeys), new ViewerSessions(TimeProvider.System)));
        services.AddSingleton<StaticAssets>();
        services.AddSingleton<LoginEndpoints>();
        services.AddSingleton<ViewerApi>();
        services.AddSingleton<CaptureWatcher>();
        services.AddSingleton<EventsEndpoint>();
        return services;
    }
}
