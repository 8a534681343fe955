namespace PromptCapture.Exchange;

/// <summary>The log probability of one generated token, with the alternatives the client asked for.</summary>
/// <param name="Token">The token text.</param>
/// <param name="Logprob">Its log probability.</param>
/// <param name="Bytes">Its UTF-8 bytes, when the upstream sent them.</param>
/// <param name="Top">The most likely alternatives at this position (empty for an alternative itself).</param>
public sealed record ExchangeLogprob(string Token, float Logprob, ReadOnlyMemory<byte>? Bytes, IReadOnlyList<ExchangeLogprob> Top);
