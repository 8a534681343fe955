using PromptCapture.Exchange;

namespace PromptCapture.Providers;

/// <summary>
/// A chat service that can also take a front door's request as the client wrote it, because its upstream speaks
/// that protocol natively. Answers still come back as the neutral answer and updates (for capture), carrying the
/// upstream's own JSON for the front door to relay.
/// </summary>
public interface IPassThroughService
{
    /// <summary>Whether requests of <paramref name="protocol"/> can be passed through.</summary>
    bool Accepts(string protocol);

    /// <summary>One non-streaming call with the client's body.</summary>
    Task<ExchangeAnswer> CompleteAsync(ExchangePassThrough request, CancellationToken cancellationToken);

    /// <summary>One streaming call with the client's body; each upstream event is one update.</summary>
    IAsyncEnumerable<ExchangeUpdate> StreamAsync(ExchangePassThrough request, CancellationToken cancellationToken);

    /// <summary>The upstream's own count of the request's input tokens.</summary>
    Task<long> CountTokensAsync(ExchangePassThrough request, CancellationToken cancellationToken);
}
