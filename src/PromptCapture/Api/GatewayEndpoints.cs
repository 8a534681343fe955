using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PromptCapture.Api;

/// <summary>Every route the gateway serves, declared in one readable place.</summary>
public static class GatewayEndpoints
{
    /// <summary>Maps the OpenAI routes, health checks and OpenAI-shaped answers for unknown routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", (HttpContext c) => c.RequestServices.GetRequiredService<ChatCompletionsEndpoint>().HandleAsync(c));
        app.MapGet("/v1/models", (HttpContext c) => c.RequestServices.GetRequiredService<ModelsEndpoint>().ListAsync(c));
        app.MapGet("/v1/models/{**id}", (HttpContext c, string id) => c.RequestServices.GetRequiredService<ModelsEndpoint>().GetAsync(c, id));
        app.MapGet("/health", () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapGet("/health/ready", (HttpContext c) => c.RequestServices.GetRequiredService<HealthEndpoint>().ReadyAsync(c));
        app.MapFallback((HttpContext c) => ErrorResponses.WriteAsync(c, StatusCodes.Status404NotFound,
            $"Unknown route: {c.Request.Method} {c.Request.Path}. This gateway serves POST /v1/chat/completions and GET /v1/models.",
            "invalid_request_error", null, "unknown_url"));
    }
}
