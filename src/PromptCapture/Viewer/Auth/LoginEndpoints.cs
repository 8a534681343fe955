using Microsoft.AspNetCore.Http.Features;

namespace PromptCapture.Viewer.Auth;

/// <summary>
/// The viewer's login: a plain form that posts a gateway key; a right key starts a session cookie, a wrong one shows
/// the form again. Works without JavaScript, and the key never leaves this request.
/// </summary>
internal sealed class LoginEndpoints(ViewerSite site, StaticAssets assets)
{
    /// <summary>Where a failed login's message goes in login.html.</summary>
    private const string StatusSlot = "<!--status-->";

    /// <summary>Form limits: one short field, so a huge body is refused before it is read.</summary>
    private static readonly FormOptions Limits = new() { ValueCountLimit = 4, ValueLengthLimit = 4096, KeyLengthLimit = 64, BufferBodyLengthLimit = 16 * 1024, MultipartBodyLengthLimit = 16 * 1024 };

    /// <summary>The login page, with a fixed message after a failed try.</summary>
    public Task PageAsync(HttpContext context, bool failed)
    {
        ViewerHeaders.Apply(context, page: true);
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = assets.Text("login.html").Replace(StatusSlot, failed
            ? "<p class=\"login-error\" role=\"alert\">That is not one of this gateway's keys.</p>"
            : "", StringComparison.Ordinal);
        return context.Response.WriteAsync(html, context.RequestAborted);
    }

    /// <summary>POST /_viewer/login: checks the key in constant time, sets the session cookie and goes to the viewer.</summary>
    public async Task LoginAsync(HttpContext context)
    {
        if (!site.Decision.LoginRequired)
        {
            Redirect(context);
            return;
        }
        string? key = null;
        if (context.Request.HasFormContentType)
        {
            try
            {
                var form = await new FormFeature(context.Request, Limits).ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                key = form["key"].ToString();
            }
            catch (InvalidDataException)
            {
                key = null; // over the limits: treated as a wrong key
            }
        }
        if (key is not { Length: > 0 } || !site.Keys.Matches(key))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await PageAsync(context, failed: true).ConfigureAwait(false);
            return;
        }
        context.Response.Cookies.Append(ViewerSessions.CookieName, site.Sessions.Create(), Cookie(context));
        Redirect(context);
    }

    /// <summary>POST /_viewer/logout: ends the session and clears the cookie.</summary>
    public Task LogoutAsync(HttpContext context)
    {
        site.Sessions.End(context.Request.Cookies[ViewerSessions.CookieName]);
        context.Response.Cookies.Delete(ViewerSessions.CookieName, Cookie(context));
        Redirect(context);
        return Task.CompletedTask;
    }

    /// <summary>The cookie's settings: unreadable by scripts, never sent by another site, Secure behind HTTPS.</summary>
    private static CookieOptions Cookie(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        MaxAge = ViewerSessions.Lifetime,
        IsEssential = true,
    };

    /// <summary>303 to the viewer, so reloading does not post the form again.</summary>
    private static void Redirect(HttpContext context)
    {
        ViewerHeaders.Apply(context, page: false);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
    }
}
