using PromptCapture.Errors;

namespace PromptCapture.Providers;

/// <summary>Decides when a failed alias may hand the request to its next fallback: upstream trouble, never a bad request.</summary>
public static class FallbackPolicy
{
    /// <summary>True for failures another provider may not share: unreachable, timed out, rate-limited, 5xx, refused key.</summary>
    public static bool ShouldFallBack(Exception error) => error switch
    {
        UpstreamUnavailableException or UpstreamTimeoutException or MissingApiKeyException => true,
        UpstreamErrorException e => e.Status is 401 or 403 or 404 or 408 or 409 or 429 or >= 500,
        _ => false,
    };

    /// <summary>The routes to try, in order: the alias itself, then its fallbacks that exist (each once).</summary>
    public static List<ModelRoute> Candidates(ModelRoute first, ModelRegistry registry)
    {
        var routes = new List<ModelRoute> { first };
        foreach (var alias in first.Fallbacks)
            if (registry.TryResolve(alias, out var route) && routes.TrueForAll(r => r.Alias != route.Alias))
                routes.Add(route);
        return routes;
    }
}
