namespace PromptCapture.Exchange;

/// <summary>Where one attempt of an exchange went: the alias tried, its provider and the upstream model id.</summary>
/// <param name="Alias">The alias that served the attempt (differs from the one asked for after a fallback).</param>
/// <param name="Provider">The provider name from providers.json.</param>
/// <param name="UpstreamModel">The model id (or deployment) sent upstream.</param>
public sealed record ExchangeTarget(string Alias, string Provider, string UpstreamModel);
