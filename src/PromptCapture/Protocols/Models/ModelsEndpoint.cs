using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Providers;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.Models;

/// <summary>GET /v1/models and /v1/models/{id}: the aliases in OpenAI's shape, owned_by the provider; never a key.</summary>
public sealed class ModelsEndpoint(ModelCatalog catalog)
{
    /// <summary>Lists every alias.</summary>
    public Task ListAsync(HttpContext context)
    {
        var registry = catalog.Current;
        var list = new ModelList { Data = registry.Routes.Select(r => Info(r, registry)).ToList() };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, list, ModelsJson.Context.ModelList, context.RequestAborted);
    }

    /// <summary>Describes one alias, or answers 404 model_not_found.</summary>
    public Task GetAsync(HttpContext context, string id)
    {
        var registry = catalog.Current;
        if (!registry.TryResolve(id, out var route) || string.IsNullOrEmpty(id))
            return ErrorResponses.WriteAsync(context, new ModelNotFoundException(id));
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, Info(route, registry), ModelsJson.Context.ModelInfo, context.RequestAborted);
    }

    /// <summary>The wire entry of one route.</summary>
    private static ModelInfo Info(ModelRoute route, ModelRegistry registry) => new() { Id = route.Alias, Created = registry.LoadedAt.ToUnixTimeSeconds(), OwnedBy = route.Provider };
}
