using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Viewer.Api;

/// <summary>
/// The viewer's read-only JSON under /_viewer/api: conversations (listed, searched, opened), failures, usage,
/// attachments and a turn's request as curl. Every call opens its own read-only connection; none writes.
/// </summary>
internal sealed class ViewerApi(ViewerSite site)
{
    /// <summary>Rows per page unless the page asks otherwise.</summary>
    private const int DefaultPage = 50;

    /// <summary>Attachment types shown inline; anything else (HTML, SVG, scripts) is only ever downloaded.</summary>
    private static readonly HashSet<string> InlineTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
    };

    /// <summary>GET conversations?q=&amp;before=&amp;limit=: the list, or the search when q is given.</summary>
    public Task ConversationsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var q = query["q"].ToString().Trim();
        var before = Cursor(query["before"]);
        var limit = Limit(query["limit"]);
        try
        {
            var page = q.Length > 0 ? site.Conversations.Search(q, before, limit) : site.Conversations.List(before, limit);
            return JsonAsync(context, page, ViewerJsonContext.Default.ConversationPage);
        }
        catch (InvalidSearchQueryException ex)
        {
            return ErrorAsync(context, StatusCodes.Status400BadRequest, $"Search could not be read: {ex.Message}. Use words, \"phrases\", OR, NOT and prefix*.", "q", "invalid_search");
        }
    }

    /// <summary>GET conversations/{id}: one conversation in full.</summary>
    public Task ConversationAsync(HttpContext context, string id) =>
        site.Conversation.Read(id) is { } detail
            ? JsonAsync(context, detail, ViewerJsonContext.Default.ConversationDetail)
            : ErrorAsync(context, StatusCodes.Status404NotFound, $"No conversation {id} in this database.", "id", "not_found");

    /// <summary>GET turns/{id}/curl: the turn's request as a curl command (text/plain).</summary>
    public Task CurlAsync(HttpContext context, string id)
    {
        if (site.Conversation.ReadRequest(id) is not { } request)
            return ErrorAsync(context, StatusCodes.Status404NotFound, $"No turn {id} in this database.", "id", "not_found");
        var command = CurlCommand.Render(request, $"{context.Request.Scheme}://{context.Request.Host}", site.Decision.LoginRequired, site.Conversation.ReadAttachment);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(command, context.RequestAborted);
    }

    /// <summary>GET failures?before=&amp;limit=: failed and cancelled exchanges, newest first.</summary>
    public Task FailuresAsync(HttpContext context) =>
        JsonAsync(context, site.Failures.List(Cursor(context.Request.Query["before"]), Limit(context.Request.Query["limit"])), ViewerJsonContext.Default.FailurePage);

    /// <summary>GET failures/{id}: one failure with what was sent and what arrived.</summary>
    public Task FailureAsync(HttpContext context, string id) =>
        site.Failures.Find(id) is { } failure
            ? JsonAsync(context, failure, ViewerJsonContext.Default.FailureView)
            : ErrorAsync(context, StatusCodes.Status404NotFound, $"No failure {id} in this database.", "id", "not_found");

    /// <summary>GET usage?days=N: tokens per day and model, and per alias, over the last N days (0: everything).</summary>
    public Task UsageAsync(HttpContext context)
    {
        var days = int.TryParse(context.Request.Query["days"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? Math.Clamp(d, 0, 36500) : 30;
        DateTimeOffset? since = days == 0 ? null : DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1 - days);
        return JsonAsync(context, site.Usage.Read(since), ViewerJsonContext.Default.UsageReport);
    }

    /// <summary>
    /// GET attachments/{id}: the bytes. Raster images are shown inline; every other type is sent as a download of
    /// unknown type, so an attachment that is HTML or SVG can never run on the viewer's origin.
    /// </summary>
    public Task AttachmentAsync(HttpContext context, string id)
    {
        if (site.Conversation.ReadAttachment(id) is not { } attachment)
            return ErrorAsync(context, StatusCodes.Status404NotFound, $"No stored attachment {id}.", "id", "not_found");
        var inline = attachment.Type is { } type && InlineTypes.Contains(type);
        context.Response.ContentType = inline ? attachment.Type! : "application/octet-stream";
        context.Response.Headers.ContentDisposition = inline ? "inline" : $"attachment; filename=\"attachment-{id[..Math.Min(12, id.Length)]}\"";
        context.Response.Headers.CacheControl = "private, max-age=86400, immutable"; // content-addressed: the id is the hash
        context.Response.ContentLength = attachment.Content.Length;
        return context.Response.Body.WriteAsync(attachment.Content, context.RequestAborted).AsTask();
    }

    /// <summary>GET info: what the page needs to know about this gateway.</summary>
    public Task InfoAsync(HttpContext context) =>
        JsonAsync(context, new ViewerInfo(site.Decision.LoginRequired, site.DatabasePath,
            typeof(ViewerApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"),
            ViewerJsonContext.Default.ViewerInfo);

    /// <summary>Writes a JSON answer.</summary>
    private static Task JsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    /// <summary>An error in the gateway's one error shape.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message, string? param, string code) =>
        ErrorResponses.WriteAsync(context, status, message, "invalid_request_error", param, code);

    /// <summary>A paging cursor is a ULID: anything else is ignored rather than sent to SQL.</summary>
    private static string? Cursor(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(char.IsAsciiLetterOrDigit) ? value.ToLowerInvariant() : null;

    /// <summary>The page size asked for, within bounds.</summary>
    private static int Limit(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, ConversationListReader.MaxPage) : DefaultPage;
}
