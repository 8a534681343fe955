using PromptCapture.Exchange;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.Common;

/// <summary>Reads who is asking from the HTTP request, the same way for every front door.</summary>
public static class ClientDetails
{
    /// <summary>
    /// The header a client sends when it logs the exchange itself (llm's extra-openai-models.yaml entries written by
    /// `promptcapture llm install` carry it): the gateway serves the request but does not capture it a second time.
    /// </summary>
    public const string NoCaptureHeader = "X-PromptCapture-No-Capture";

    /// <summary>The response header carrying the gateway's id of the exchange, which SDKs report as the request id.</summary>
    public const string RequestIdHeader = "x-request-id";

    /// <summary>
    /// The neutral client of a request served by <paramref name="frontDoor"/> under the gateway's id <paramref name="requestId"/>;
    /// also puts that id on the answer as x-request-id.
    /// </summary>
    public static ExchangeClient Of(HttpContext context, string frontDoor, bool stream, string requestId, string? sessionId = null)
    {
        context.Response.Headers[RequestIdHeader] = requestId;
        return new(
            frontDoor,
            context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
            context.Connection.RemoteIpAddress?.ToString(),
            stream,
            requestId,
            sessionId,
            LoggedByClient: context.Request.Headers.ContainsKey(NoCaptureHeader));
    }

    /// <summary>Passes the upstream's rate-limit headers (x-ratelimit-*, retry-after) on to the client, unless the answer has started.</summary>
    public static void RelayUpstreamHeaders(HttpContext context, UpstreamHeaders? upstream)
    {
        if (upstream is null || context.Response.HasStarted)
            return;
        foreach (var (name, value) in upstream.Values)
            context.Response.Headers[name] = value;
    }
}
