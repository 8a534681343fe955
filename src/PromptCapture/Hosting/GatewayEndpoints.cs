using PromptCapture.Protocols.AnthropicMessages;
using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.Models;
using PromptCapture.Protocols.Ollama;
using PromptCapture.Protocols.OpenAIResponses;
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
        var responses = app.ServiceProvider.GetRequiredService<ResponsesEndpoint>();
        var messages = app.ServiceProvider.GetRequiredService<MessagesEndpoint>();
        var models = app.ServiceProvider.GetRequiredService<ModelsEndpoint>();
        var health = app.ServiceProvider.GetRequiredService<HealthEndpoint>();
        var ollama = app.ServiceProvider.GetRequiredService<OllamaEndpoint>();
        var ollamaModels = app.ServiceProvider.GetRequiredService<OllamaModelsEndpoint>();
        var embeddings = app.ServiceProvider.GetRequiredService<Protocols.Embeddings.EmbeddingsEndpoint>();
        var completions = app.ServiceProvider.GetRequiredService<Protocols.OpenAICompletions.CompletionsEndpoint>();
        app.MapPost("/v1/chat/completions", (HttpContext c) => chat.HandleAsync(c));
        app.MapPost("/v1/responses", (HttpContext c) => responses.CreateAsync(c));
        app.MapGet("/v1/responses/{id}", (HttpContext c, string id) => responses.GetAsync(c, id));
        app.MapPost("/v1/messages", (HttpContext c) => messages.CreateAsync(c));
        app.MapPost("/v1/messages/count_tokens", (HttpContext c) => messages.CountTokensAsync(c));
        // HEAD as well as GET: uptime checkers and load balancers probe with HEAD.
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/v1/models", read, (HttpContext c) => models.ListAsync(c));
        app.MapMethods("/v1/models/{**id}", read, (HttpContext c, string id) => models.GetAsync(c, id));
        // Ollama's API (GET and HEAD / answer "Ollama is running" in ViewerEndpoints).
        app.MapMethods("/api/version", read, (HttpContext c) => ollamaModels.VersionAsync(c));
        app.MapMethods("/api/tags", read, (HttpContext c) => ollamaModels.TagsAsync(c));
        app.MapMethods("/api/ps", read, (HttpContext c) => ollamaModels.RunningAsync(c));
        app.MapPost("/api/show", (HttpContext c) => ollamaModels.ShowAsync(c));
        app.MapPost("/api/chat", (HttpContext c) => ollama.ChatAsync(c));
        app.MapPost("/api/generate", (HttpContext c) => ollama.GenerateAsync(c));
        app.MapPost("/v1/embeddings", (HttpContext c) => embeddings.OpenAIAsync(c));
        app.MapPost("/v1/completions", (HttpContext c) => completions.HandleAsync(c));
        app.MapPost("/api/embed", (HttpContext c) => embeddings.EmbedAsync(c));
        app.MapPost("/api/embeddings", (HttpContext c) => embeddings.LegacyAsync(c));
        app.MapMethods("/health", read, () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapMethods("/health/ready", read, (HttpContext c) => health.ReadyAsync(c));
        ViewerEndpoints.Map(app);
        app.MapFallback((HttpContext c) => OllamaErrors.IsOllamaPath(c.Request.Path)
            ? OllamaErrors.WriteAsync(c, new Errors.ResourceNotFoundException($"404 page not found: {c.Request.Method} {c.Request.Path}"))
            : MessagesErrors.IsMessagesPath(c.Request.Path)
            ? MessagesErrors.WriteAsync(c, StatusCodes.Status404NotFound, MessagesErrors.Error("not_found_error",
                $"Unknown route: {c.Request.Method} {c.Request.Path}. The Messages API here is POST /v1/messages and POST /v1/messages/count_tokens."))
            : ErrorResponses.WriteAsync(c, StatusCodes.Status404NotFound,
            $"Unknown route: {c.Request.Method} {c.Request.Path}. This gateway serves POST /v1/chat/completions, POST /v1/responses, GET /v1/responses/{{id}}, POST /v1/messages and GET /v1/models.",
            "invalid_request_error", null, "unknown_url"));
    }
}
