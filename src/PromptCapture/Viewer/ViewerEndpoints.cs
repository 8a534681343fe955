using Microsoft.Data.Sqlite;
using PromptCapture.Viewer.Api;
using PromptCapture.Viewer.Auth;
using PromptCapture.Viewer.Live;

namespace PromptCapture.Viewer;

/// <summary>
/// The viewer's routes: / (the page for browsers, a plain answer for API clients and liveness checks), its files and
/// login under /_viewer/, its read-only data under /_viewer/api/ (never /api/, which is Ollama's, nor /v1/).
/// </summary>
public static class ViewerEndpoints
{
    /// <summary>What / says to anything that is not a browser asking for a page: Ollama's exact words, which Ollama clients probe for.</summary>
    public const string RunningText = "Ollama is running";

    /// <summary>Maps / always, and the viewer's routes when it is on.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var site = app.ServiceProvider.GetRequiredService<ViewerSite>();
        var assets = app.ServiceProvider.GetRequiredService<StaticAssets>();
        var login = app.ServiceProvider.GetRequiredService<LoginEndpoints>();
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext c) => RootAsync(c, site, assets, login));
        if (!site.Decision.Enabled)
            return;

        var api = app.ServiceProvider.GetRequiredService<ViewerApi>();
        var events = app.ServiceProvider.GetRequiredService<EventsEndpoint>();
        app.MapPost("/_viewer/login", (HttpContext c) => login.LoginAsync(c));
        app.MapPost("/_viewer/logout", (HttpContext c) => login.LogoutAsync(c));
        app.MapMethods("/_viewer/{**file}", [HttpMethods.Get, HttpMethods.Head], (HttpContext c, string file) => assets.SendAsync(c, file));

        var data = app.MapGroup("/_viewer/api");
        data.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            ViewerHeaders.Apply(context, page: false);
            if (site.Allows(context))
            {
                try
                {
                    return await next(invocation).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (!context.Response.HasStarted)
                {
                    // A file being replaced, a disk error, a database from a future llm: an answer, never a 500.
                    await ViewerApi.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
                        $"The capture database could not be read right now: {ex.Message}", null, "database_unavailable").ConfigureAwait(false);
                    return Results.Empty;
                }
            }
            await ViewerApi.ErrorAsync(context, StatusCodes.Status401Unauthorized,
                "The viewer needs a gateway key: log in at / or send 'Authorization: Bearer <key>'.", null, "viewer_login_required").ConfigureAwait(false);
            return Results.Empty;
        });
        data.MapGet("/info", (HttpContext c) => api.InfoAsync(c));
        data.MapGet("/conversations", (HttpContext c) => api.ConversationsAsync(c));
        data.MapGet("/conversations/{id}", (HttpContext c, string id) => api.ConversationAsync(c, id));
        data.MapGet("/turns/{id}/curl", (HttpContext c, string id) => api.CurlAsync(c, id));
        data.MapGet("/failures", (HttpContext c) => api.FailuresAsync(c));
        data.MapGet("/failures/{id}", (HttpContext c, string id) => api.FailureAsync(c, id));
        data.MapGet("/usage", (HttpContext c) => api.UsageAsync(c));
        data.MapGet("/attachments/{id}", (HttpContext c, string id) => api.AttachmentAsync(c, id));
        data.MapGet("/events", (HttpContext c) => events.StreamAsync(c));
    }

    /// <summary>
    /// GET or HEAD /: a browser (Accept names text/html) gets the viewer, or its login form when keys are on and it has
    /// no session; everything else gets the plain running answer, as clients probing an Ollama-style server expect.
    /// </summary>
    private static Task RootAsync(HttpContext context, ViewerSite site, StaticAssets assets, LoginEndpoints login)
    {
        var wantsPage = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        context.Response.Headers.Vary = "Accept";
        if (!site.Decision.Enabled || !wantsPage)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(RunningText, context.RequestAborted);
        }
        return site.Allows(context) ? assets.SendAsync(context, "index.html") : login.PageAsync(context, failed: false);
    }
}
