namespace PromptCapture.Providers;

/// <summary>
/// The upstream's rate-limit headers (x-ratelimit-*, retry-after) of the call made in the current async flow, so a front
/// door can pass them back to its client: SK hides the upstream's HTTP response, so a handler below it records them
/// here. Nothing is recorded unless a front door opened a scope.
/// </summary>
public sealed class UpstreamHeaders
{
    private static readonly AsyncLocal<UpstreamHeaders?> Scope = new();
    private List<KeyValuePair<string, string>>? _headers;

    /// <summary>Opens a scope for the calls the current request makes; they record into the returned object.</summary>
    public static UpstreamHeaders Begin()
    {
        var headers = new UpstreamHeaders();
        Scope.Value = headers;
        return headers;
    }

    /// <summary>The scope of the current flow, if a front door opened one.</summary>
    public static UpstreamHeaders? Current => Scope.Value;

    /// <summary>The headers of the last upstream answer in this scope (empty when none were sent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Values => _headers ?? (IReadOnlyList<KeyValuePair<string, string>>)[];

    /// <summary>Keeps the rate-limit headers of one answer, replacing those of an earlier attempt.</summary>
    internal void Record(HttpResponseMessage response)
    {
        List<KeyValuePair<string, string>>? found = null;
        // NonValidated: neither parses nor allocates for the headers that are not kept (every answer has several).
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            if (name.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase) || name.Equals("retry-after", StringComparison.OrdinalIgnoreCase))
                (found ??= []).Add(new(name.ToLowerInvariant(), values.ToString()));
        }
        _headers = found;
    }
}

/// <summary>Records each answer's rate-limit headers into the current <see cref="UpstreamHeaders"/> scope.</summary>
internal sealed class UpstreamHeadersHandler : DelegatingHandler
{
    /// <summary>Passes the call straight through (no extra async step) unless a front door opened a scope.</summary>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        UpstreamHeaders.Current is { } scope ? RecordAsync(scope, request, cancellationToken) : base.SendAsync(request, cancellationToken);

    /// <summary>Sends, then keeps the answer's rate-limit headers in <paramref name="scope"/>.</summary>
    private async Task<HttpResponseMessage> RecordAsync(UpstreamHeaders scope, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        scope.Record(response);
        return response;
    }
}
