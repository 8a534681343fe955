using System.Collections.Frozen;

namespace PromptCapture.Providers;

/// <summary>
/// Alias -> route lookup, built once at start from providers.json; one SK service per alias and one HttpClient per
/// provider, reused by every request and disposed with the registry.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    /// <summary>Each alias's route.</summary>
    private readonly FrozenDictionary<string, ModelRoute> _routes;

    /// <summary>Each alias's route followed by its fallbacks, in order.</summary>
    private readonly FrozenDictionary<string, ModelRoute[]> _candidates;

    /// <summary>The upstream HttpClients this registry owns (disposed with it).</summary>
    private readonly IReadOnlyList<HttpClient> _clients;

    /// <summary>Builds the registry from already validated routes and the HttpClients they use.</summary>
    public ModelRegistry(string defaultModel, IReadOnlyList<ModelRoute> routes, DateTimeOffset loadedAt, IReadOnlyList<HttpClient>? clients = null,
        SecretRedactor? redactor = null)
    {
        Redactor = redactor ?? SecretRedactor.None;
        DefaultModel = defaultModel;
        Routes = routes;
        LoadedAt = loadedAt;
        _clients = clients ?? [];
        _routes = routes.ToFrozenDictionary(r => r.Alias, StringComparer.Ordinal);
        _candidates = routes.ToFrozenDictionary(r => r.Alias, r => FallbackPolicy.Candidates(r, _routes), StringComparer.Ordinal);
    }

    /// <summary>Masks every key this registry knows (the providers' and the gateway's) in text that leaves or is stored.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>The alias followed by its fallbacks, computed once.</summary>
    public IReadOnlyList<ModelRoute> Candidates(ModelRoute route) => _candidates[route.Alias];

    /// <summary>Closes the upstream connection pools.</summary>
    public void Dispose()
    {
        foreach (var client in _clients)
            client.Dispose();
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
