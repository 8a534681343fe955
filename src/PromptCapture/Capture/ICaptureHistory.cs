using PromptCapture.Exchange;

namespace PromptCapture.Capture;

/// <summary>
/// Earlier exchanges read back from the capture, by the id the client was given: what lets a stateless gateway answer
/// previous_response_id and GET /v1/responses/{id}. Front doors see this interface, never the database.
/// </summary>
public interface ICaptureHistory
{
    /// <summary>Whether anything is captured (and so can be found).</summary>
    bool Enabled { get; }

    /// <summary>The captured exchange the client knows as <paramref name="requestId"/>, or null; waits for pending captures first.</summary>
    Task<CapturedTurn?> FindAsync(string requestId, CancellationToken cancellationToken);
}

/// <summary>One captured exchange as read back: the request's messages, the answer, and its bookkeeping.</summary>
/// <param name="RequestId">The id the client was given.</param>
/// <param name="Model">The alias that served it.</param>
/// <param name="StartedUtc">When it started.</param>
/// <param name="Messages">The request's messages (the whole conversation before the answer).</param>
/// <param name="Output">The answer, or null when it was empty.</param>
/// <param name="InputTokens">Prompt tokens, when reported.</param>
/// <param name="OutputTokens">Answer tokens, when reported.</param>
public sealed record CapturedTurn(
    string RequestId, string Model, DateTimeOffset StartedUtc, IReadOnlyList<ExchangeMessage> Messages, ExchangeMessage? Output,
    long? InputTokens, long? OutputTokens);
