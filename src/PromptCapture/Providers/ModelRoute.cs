using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Embeddings;
using PromptCapture.Exchange;

namespace PromptCapture.Providers;

/// <summary>Where one alias goes: the provider, the upstream model id and the SK chat service that talks to it.</summary>
/// <param name="Alias">The name clients send.</param>
/// <param name="Provider">The provider name from providers.json.</param>
/// <param name="UpstreamModel">The model id (or deployment) sent upstream.</param>
/// <param name="ApiKeyEnv">The variable that holds the key, or null for keyless providers.</param>
/// <param name="Service">The SK service; null only when the key is missing.</param>
/// <param name="Fallbacks">Aliases to try, in order, when this one fails before any byte was sent.</param>
/// <param name="Redactor">Masks provider keys in upstream text (error messages) before it goes anywhere.</param>
public sealed record ModelRoute(
    string Alias,
    string Provider,
    string UpstreamModel,
    string? ApiKeyEnv,
    IChatCompletionService? Service,
    IReadOnlyList<string> Fallbacks,
    SecretRedactor Redactor)
{
    /// <summary>The attempt's target as capture records it, made once per route rather than per request.</summary>
    public ExchangeTarget Target { get; } = new(Alias, Provider, UpstreamModel);

    /// <summary>Makes the SK embedding service of this alias for a requested dimension count (null: the model's own); null when the key is missing.</summary>
#pragma warning disable CS0618 // SK 1.82's connectors only offer embeddings through this (obsolete-marked) interface.
    public Func<int?, ITextEmbeddingGenerationService>? Embeddings { get; init; }
#pragma warning restore CS0618
}
