using System.Text.Json;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.OpenAIChat;

namespace PromptCapture.Hosting;

/// <summary>
/// Keeps web pages from using the gateway behind the user's back. A page on another site can send a "simple" POST
/// (text/plain or a form) without a preflight, and a DNS-rebinding page reaches us under its own host name: so a
/// request is refused (403) when its Host is not one the gateway answers to, when it carries an Origin that is
/// neither the gateway's own nor allowed, or when the browser marks it cross-site without an Origin. Clients that
/// are not browsers (curl, SDKs, agents) send no Origin and pass. Allowed origins get proper CORS answers.
/// </summary>
internal sealed partial class CrossSiteMiddleware(RequestDelegate next, HostRules rules, ILogger<CrossSiteMiddleware> logger)
{
    /// <summary>Methods a configured web app may use.</summary>
    private const string AllowedMethods = "GET, POST, OPTIONS";

    /// <summary>How long a browser may cache a preflight answer, in seconds.</summary>
    private const string PreflightMaxAge = "600";

    /// <summary>Lets the request through, answers an allowed origin's preflight, or refuses it with 403.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host.Host;
        if (!rules.IsHostAllowed(host))
        {
            HostRefused(logger, host, request.Path);
            return RefuseAsync(context, "host_not_allowed",
                $"Host '{host}' is not allowed: the gateway answers to localhost, loopback addresses, the address it is bound to and host names given with serve --allowed-host (PROMPT_CAPTURE_ALLOWED_HOSTS).");
        }
        var origins = request.Headers.Origin;
        if (origins.Count == 0)
        {
            if (!IsCrossSiteWithoutOrigin(request))
                return next(context);
            CrossSiteRefused(logger, request.Path);
            return RefuseAsync(context, "cross_site_request",
                "A cross-site browser request without an Origin is not accepted; a web app must call from an origin given with serve --allowed-origin (PROMPT_CAPTURE_ORIGINS).");
        }
        var origin = origins.ToString();
        if (IsOwnOrigin(origin, request.Host.Value ?? "") || IsSameOriginNull(origin, request))
            return next(context);
        if (!rules.IsOriginAllowed(origin))
        {
            OriginRefused(logger, origin, request.Path);
            return RefuseAsync(context, "origin_not_allowed",
                $"Origin '{origin}' is not allowed: web pages may call the gateway only from origins given with serve --allowed-origin (PROMPT_CAPTURE_ORIGINS).");
        }
        return AllowOriginAsync(context, origin);
    }

    /// <summary>
    /// A page of the gateway's own that sends "Origin: null": browsers do so for form posts from pages with
    /// Referrer-Policy no-referrer (the viewer's login). Sec-Fetch-Site is set by the browser, never by the page, so
    /// "same-origin" there is the browser vouching for it.
    /// </summary>
    private static bool IsSameOriginNull(string origin, HttpRequest request) =>
        origin == "null" && request.Headers["Sec-Fetch-Site"].ToString() == "same-origin";

    /// <summary>
    /// The browser says the request comes from another site (Sec-Fetch-Site) yet sent no Origin to check; only a
    /// top-level GET navigation (a link or bookmark to the gateway) is let through, since it reads nothing the user does not see.
    /// </summary>
    private static bool IsCrossSiteWithoutOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"];
        if (site.Count == 0 || site.ToString() is not ("cross-site" or "same-site"))
            return false;
        var navigation = HttpMethods.IsGet(request.Method)
            && request.Headers["Sec-Fetch-Mode"].ToString() == "navigate"
            && request.Headers["Sec-Fetch-Dest"].ToString() == "document";
        return !navigation;
    }

    /// <summary>
    /// Whether the page is served by the gateway itself (the future viewer): http or https with exactly the host and port
    /// the request was sent to. The scheme is not compared, so a TLS proxy in front keeping the Host still counts;
    /// the Host itself was checked first.
    /// </summary>
    private static bool IsOwnOrigin(string origin, string authority)
    {
        var rest = origin.AsSpan();
        if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            rest = rest["http://".Length..];
        else if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            rest = rest["https://".Length..];
        else
            return false;
        return authority.Length > 0 && rest.Equals(authority, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A page of an allowed origin: its preflight is answered here (204, echoing the headers it asks for), and every other
    /// answer carries Access-Control-Allow-Origin for it, added as the response starts so error answers keep it too.
    /// </summary>
    private Task AllowOriginAsync(HttpContext context, string origin)
    {
        var request = context.Request;
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
            headers.AccessControlAllowMethods = AllowedMethods;
            if (request.Headers.AccessControlRequestHeaders is { Count: > 0 } asked)
                headers.AccessControlAllowHeaders = asked;
            headers.AccessControlMaxAge = PreflightMaxAge;
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        context.Response.OnStarting(static state =>
        {
            var (response, allowed) = ((HttpResponse, string))state;
            response.Headers.AccessControlAllowOrigin = allowed;
            response.Headers.Vary = "Origin";
            response.Headers.AccessControlExposeHeaders = ChatCompletionsEndpoint.ServedByHeader;
            return Task.CompletedTask;
        }, (context.Response, origin));
        return next(context);
    }

    /// <summary>403 in OpenAI's error shape on /v1 (what its clients parse), a plain {"error": message} elsewhere (health, viewer, Ollama's shape).</summary>
    private static async Task RefuseAsync(HttpContext context, string code, string message)
    {
        if (context.Request.Path.StartsWithSegments("/v1"))
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, message, "permission_error", null, code).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A request under a host name nobody allowed: DNS rebinding, or a name the user forgot to allow.</summary>
    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Refused {Path}: Host '{Host}' is not allowed (serve --allowed-host adds a host name)")]
    private static partial void HostRefused(ILogger logger, string host, PathString path);

    /// <summary>A browser page of another origin tried to use the gateway.</summary>
    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Refused {Path}: Origin '{Origin}' is not allowed (serve --allowed-origin adds one)")]
    private static partial void OriginRefused(ILogger logger, string origin, PathString path);

    /// <summary>A cross-site browser request that sent no Origin.</summary>
    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Refused {Path}: a cross-site browser request without an Origin")]
    private static partial void CrossSiteRefused(ILogger logger, PathString path);
}
