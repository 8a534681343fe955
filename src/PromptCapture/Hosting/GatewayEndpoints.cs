using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.Models;
using PromptCapture.Viewer;


namespace PromptCapture.Hosting;

/// <summary>Every route the gateway serves, declared in one readable place.</summary>
public static class GatewayEndpoints
{
    /// <summary>Maps the OpenAI routes, health checks, the capture viewer and OpenAI-shaped answers for unknown routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        // The handlers are singletons: resolved once here, not per request.
        var chat = app.ServiceProvider.GetRequiredService<ChatCompletionsEndpoint>();
        var models = app.ServiceProvider.GetRequiredService<ModelsEndpoint>();
        var health = app.ServiceProvider.GetRequiredService<HealthEndpoint>();
        app.MapPost("/v1/chat/completions", (HttpContext c) => chat.HandleAsync(c));
        app.MapGet("/v1/models", (HttpContext c) => models.ListAsync(c));
        app.MapGet("/v1/models/{**id}", (HttpContext c, string id) => models.GetAsync(c, id));
        app.MapGet("/health", () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapGet("/health/ready", (HttpContext c) => health.ReadyAsync(c));
        ViewerEndpoints.Map(app);
        app.MapFallback((HttpContext c) => ErrorResponses.WriteAsync(c, StatusCodes.Status404NotFound,
            $"Unknown route: {c.Request.Method} {c.Request.Path}. This gateway serves POST /v1/chat/completions and GET /v1/models.",
            "invalid_request_error", null, "unknown_url"));
    }
}
