namespace PromptCapture.Providers;

/// <summary>
/// For anthropic providers: when a passed-through request carries the client's anthropic-version beside the SDK's
/// own, only the client's (added last) goes upstream, so the client gets the API version it asked for.
/// </summary>
public sealed class AnthropicVersionHandler : DelegatingHandler
{
    /// <summary>The header Anthropic's API versions requests with.</summary>
    private const string Header = "anthropic-version";

    /// <summary>Keeps the last anthropic-version value, then sends the request on.</summary>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues(Header, out var values))
        {
            string? last = null;
            var count = 0;
            foreach (var value in values)
            {
                last = value;
                count++;
            }
            if (count > 1)
            {
                request.Headers.Remove(Header);
                request.Headers.TryAddWithoutValidation(Header, last);
            }
        }
        return base.SendAsync(request, cancellationToken);
    }
}
