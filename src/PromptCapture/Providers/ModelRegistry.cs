using System.Collections.Frozen;

namespace PromptCapture.Providers;

/// <summary>Alias -> route lookup, built once at start from providers.json; one SK service per alias, reused by every request.</summary>
public sealed class ModelRegistry
{
    private readonly FrozenDictionary<string, ModelRoute> _routes;

    /// <summary>Builds the registry from already validated routes.</summary>
    public ModelRegistry(string defaultModel, IReadOnlyList<ModelRoute> routes, DateTimeOffset loadedAt)
    {
        DefaultModel = defaultModel;
        Routes = routes;
        LoadedAt = loadedAt;
        _routes = routes.ToFrozenDictionary(r => r.Alias, StringComparer.Ordinal);
    }

    /// <summary>The alias used when a request names no model.</summary>
    public string DefaultModel { get; }

    /// <summary>Every route in file order, for listings.</summary>
    public IReadOnlyList<ModelRoute> Routes { get; }

    /// <summary>When the providers file was loaded; reported as "created" by /v1/models.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>Finds the route of an alias; an empty or null alias means the default model.</summary>
    public bool TryResolve(string? alias, out ModelRoute route) =>
        _routes.TryGetValue(string.IsNullOrEmpty(alias) ? DefaultModel : alias, out route!);
}
