namespace PromptCapture.Viewer;

/// <summary>
/// The security headers of everything the viewer serves. Captured text is attacker-controlled, so the page's policy
/// allows only the viewer's own scripts and styles (no inline script, no other origin, no framing); data answers
/// allow nothing at all, so even a response opened on its own cannot run anything.
/// </summary>
internal static class ViewerHeaders
{
    /// <summary>The policy of the viewer's HTML pages.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy of data, files and attachments: nothing may load or run, and the document is sandboxed.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /// <summary>Sets the headers when the response starts, so a later Response.Clear() (error answers) keeps them.</summary>
    public static void Apply(HttpContext context, bool page)
    {
        context.Response.OnStarting(static state =>
        {
            var (response, isPage) = ((HttpResponse, bool))state;
            var headers = response.Headers;
            headers.ContentSecurityPolicy = isPage ? PagePolicy : DataPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (headers.CacheControl.Count == 0)
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }, (context.Response, page));
    }
}
