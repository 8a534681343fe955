using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Providers;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.Models;

/// <summary>GET /v1/models and /v1/models/{id}: the aliases in OpenAI's shape, owned_by the provider; never a key.</summary>
public sealed class ModelsEndpoint(ModelRegistry registry)
{
    /// <summary>Lists every alias.</summary>
    public Task ListAsync(HttpContext context)
    {
        var list = new ModelList { Data = registry.Routes.Select(Info).ToList() };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, list, ModelsJson.Context.ModelList, context.RequestAborted);
    }

    /// <summary>Describes one alias, or answers 404 model_not_found.</summary>
    public Task GetAsync(HttpContext context, string id)
    {
        if (!registry.TryResolve(id, out var route) || string.IsNullOrEmpty(id))
            return ErrorResponses.WriteAsync(context, new ModelNotFoundException(id));
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, Info(route), ModelsJson.Context.ModelInfo, context.RequestAborted);
    }

    /// <summary>The wire entry of one route.</summary>
    private ModelInfo Info(ModelRoute route) => new() { Id = route.Alias, Created = registry.LoadedAt.ToUnixTimeSeconds(), OwnedBy = route.Provider };
}
