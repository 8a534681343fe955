using PromptCapture.Exchange;

namespace PromptCapture.Protocols.Common;

/// <summary>Reads who is asking from the HTTP request, the same way for every front door.</summary>
public static class ClientDetails
{
    /// <summary>The neutral client of a request served by <paramref name="frontDoor"/> under the gateway's id <paramref name="requestId"/>.</summary>
    public static ExchangeClient Of(HttpContext context, string frontDoor, bool stream, string requestId, string? sessionId = null) => new(
        frontDoor,
        context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
        context.Connection.RemoteIpAddress?.ToString(),
        stream,
        requestId,
        sessionId);
}
