using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Providers;
using PromptCapture.Protocols.AnthropicMessages;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.Models;

/// <summary>
/// GET /v1/models and /v1/models/{id}: the aliases in OpenAI's shape, owned_by the provider, or in Anthropic's shape
/// when the request carries anthropic-version (Anthropic's SDKs and Claude Code always send it); never a key.
/// </summary>
public sealed class ModelsEndpoint(ModelCatalog catalog)
{
    /// <summary>The header every Anthropic client sends; its presence selects Anthropic's shapes.</summary>
    public const string AnthropicVersionHeader = "anthropic-version";

    /// <summary>Lists every alias.</summary>
    public Task ListAsync(HttpContext context)
    {
        var registry = catalog.Current;
        if (IsAnthropic(context))
        {
            var data = registry.Routes.Select(r => AnthropicInfo(r, registry)).ToList();
            var anthropic = new AnthropicModelList { Data = data, FirstId = data.FirstOrDefault()?.Id, LastId = data.LastOrDefault()?.Id };
            context.Response.ContentType = "application/json";
            return JsonSerializer.SerializeAsync(context.Response.Body, anthropic, ModelsJson.Context.AnthropicModelList, context.RequestAborted);
        }
        var list = new ModelList { Data = registry.Routes.Select(r => Info(r, registry)).ToList() };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, list, ModelsJson.Context.ModelList, context.RequestAborted);
    }

    /// <summary>Describes one alias, or answers 404 model_not_found.</summary>
    public Task GetAsync(HttpContext context, string id)
    {
        var registry = catalog.Current;
        if (!registry.TryResolve(id, out var route) || string.IsNullOrEmpty(id))
        {
            return IsAnthropic(context)
                ? MessagesErrors.WriteAsync(context, new ModelNotFoundException(id))
                : ErrorResponses.WriteAsync(context, new ModelNotFoundException(id));
        }
        if (IsAnthropic(context))
        {
            context.Response.ContentType = "application/json";
            return JsonSerializer.SerializeAsync(context.Response.Body, AnthropicInfo(route, registry), ModelsJson.Context.AnthropicModelInfo, context.RequestAborted);
        }
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, Info(route, registry), ModelsJson.Context.ModelInfo, context.RequestAborted);
    }

    /// <summary>Whether the client speaks Anthropic's API.</summary>
    private static bool IsAnthropic(HttpContext context) => context.Request.Headers.ContainsKey(AnthropicVersionHeader);

    /// <summary>The Anthropic wire entry of one route.</summary>
    private static AnthropicModelInfo AnthropicInfo(ModelRoute route, ModelRegistry registry) => new()
    {
        Id = route.Alias,
        DisplayName = route.Alias == route.Target.UpstreamModel ? route.Alias : $"{route.Alias} ({route.Provider}: {route.Target.UpstreamModel})",
        CreatedAt = registry.LoadedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The wire entry of one route.</summary>
    private static ModelInfo Info(ModelRoute route, ModelRegistry registry) => new() { Id = route.Alias, Created = registry.LoadedAt.ToUnixTimeSeconds(), OwnedBy = route.Provider };
}
