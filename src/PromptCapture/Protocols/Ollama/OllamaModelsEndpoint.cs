using System.Globalization;
using System.Text.Json;
using PromptCapture.Protocols.Common;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.Ollama;

/// <summary>
/// GET /api/version, GET /api/tags, GET /api/ps and POST /api/show: every alias presented as a local Ollama model, so
/// Ollama clients (Open WebUI, Continue, Zed) list and pick them.
/// </summary>
public sealed class OllamaModelsEndpoint(ModelCatalog catalog, ILogger<OllamaModelsEndpoint> logger)
{
    /// <summary>The Ollama version reported; recent enough that clients enable tools, thinking and structured output.</summary>
    public const string Version = "0.12.6";

    /// <summary>GET /api/version.</summary>
    public Task VersionAsync(HttpContext context) =>
        WriteAsync(context, new OllamaVersion { Version = Version }, OllamaJson.Context.OllamaVersion);

    /// <summary>GET /api/tags: every alias as alias:latest.</summary>
    public Task TagsAsync(HttpContext context)
    {
        var registry = catalog.Current;
        var modified = Rfc3339(registry.LoadedAt);
        var models = registry.Routes.Select(r => Entry(r, modified, null)).ToList();
        return WriteAsync(context, new OllamaModelList { Models = models }, OllamaJson.Context.OllamaModelList);
    }

    /// <summary>GET /api/ps: every alias as a loaded model (remote models are always ready), never expiring soon.</summary>
    public Task RunningAsync(HttpContext context)
    {
        var registry = catalog.Current;
        var expires = Rfc3339(DateTimeOffset.UtcNow.AddYears(1));
        var models = registry.Routes.Select(r => Entry(r, null, expires)).ToList();
        return WriteAsync(context, new OllamaModelList { Models = models }, OllamaJson.Context.OllamaModelList);
    }

    /// <summary>POST /api/show: details, capabilities and a Modelfile naming the upstream model.</summary>
    public async Task ShowAsync(HttpContext context)
    {
        try
        {
            var request = await JsonBody.ReadAsync(context.Request, OllamaJson.Context.OllamaShowRequest, "a show request", context.RequestAborted).ConfigureAwait(false)
                ?? throw new Errors.InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
            var registry = catalog.Current;
            var route = OllamaModelNames.Resolve(registry, request.Model ?? request.Name);
            var info = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                ["general.architecture"] = JsonElements.String(route.Provider),
                ["general.basename"] = JsonElements.String(route.UpstreamModel),
                // Clients size their context windows from <architecture>.context_length.
                [route.Provider + ".context_length"] = JsonSerializer.SerializeToElement(128_000L, OllamaJson.Context.Int64),
            };
            var show = new OllamaShowResponse
            {
                Modelfile = $"# Served by PromptCapture from provider {route.Provider}\nFROM {route.UpstreamModel}\n",
                Details = Details(route),
                ModelInfo = info,
                Capabilities = Capabilities(route),
                ModifiedAt = Rfc3339(registry.LoadedAt),
            };
            await WriteAsync(context, show, OllamaJson.Context.OllamaShowResponse).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            FrontDoorLog.Failure(logger, error, OllamaEndpoint.FrontDoor);
            await OllamaErrors.WriteAsync(context, error).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What clients may offer for the alias: providers.json names no capabilities, so only what every chat model
    /// serves (completion, tools); an upstream model named as an embedding model reports embedding instead. Vision and
    /// thinking are not claimed, as most aliases cannot back them.
    /// </summary>
    internal static List<string> Capabilities(ModelRoute route) =>
        route.UpstreamModel.Contains("embed", StringComparison.OrdinalIgnoreCase) ? ["embedding"] : ["completion", "tools"];

    /// <summary>One alias as an Ollama model entry.</summary>
    private static OllamaModelEntry Entry(ModelRoute route, string? modified, string? expires)
    {
        var name = OllamaModelNames.Tagged(route.Alias);
        return new OllamaModelEntry
        {
            Name = name,
            Model = name,
            ModifiedAt = modified,
            Digest = OllamaModelNames.Digest(route.Alias),
            Details = Details(route),
            ExpiresAt = expires,
            SizeVram = expires is null ? null : 0,
        };
    }

    /// <summary>The details block: the provider as the family; sizes are unknown for a remote model.</summary>
    private static OllamaModelDetails Details(ModelRoute route) => new()
    {
        Format = "remote",
        Family = route.Provider,
        Families = [route.Provider],
        ParameterSize = "unknown",
        QuantizationLevel = "unknown",
    };

    /// <summary>An RFC 3339 UTC time as Ollama writes it.</summary>
    internal static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes a JSON answer (headers only for HEAD).</summary>
    private static Task WriteAsync<T>(HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }
}
