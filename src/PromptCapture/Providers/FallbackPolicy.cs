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
    public static ModelRoute[] Candidates(ModelRoute first, IReadOnlyDictionary<string, ModelRoute> routes)
    {
        var candidates = new List<ModelRoute> { first };
        foreach (var alias in first.Fallbacks)
            if (routes.TryGetValue(alias, out var route) && candidates.TrueForAll(r => r.Alias != route.Alias))
                candidates.Add(route);
        return [.. candidates];
    }
}
