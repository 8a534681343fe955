using System.Reflection;
using System.Security.Cryptography;

namespace PromptCapture.Viewer;

/// <summary>
/// The viewer's HTML, CSS and JavaScript, embedded in the assembly (Viewer/Static, see the csproj) so the gateway
/// serves them with nothing beside it: no CDN, no files on disk, no build step.
/// </summary>
internal sealed class StaticAssets
{
    /// <summary>Prefix of the embedded resources' logical names.</summary>
    private const string Prefix = "viewer/";

    /// <summary>One embedded file, ready to send.</summary>
    /// <param name="Content">The bytes.</param>
    /// <param name="ContentType">Its media type.</param>
    /// <param name="ETag">A strong validator, so browsers revalidate instead of downloading again.</param>
    public sealed record Asset(byte[] Content, string ContentType, string ETag);

    /// <summary>Files by path below Static/ ("app.js", "js/render.js").</summary>
    private readonly Dictionary<string, Asset> _files = new(StringComparer.Ordinal);

    /// <summary>Reads every embedded viewer file once.</summary>
    public StaticAssets()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var path = name.Replace('\\', '/');
            if (!path.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            _files[path[Prefix.Length..]] = new Asset(bytes, ContentType(path), $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"");
        }
    }

    /// <summary>The file at <paramref name="path"/>, or null.</summary>
    public Asset? Find(string path) => _files.GetValueOrDefault(path);

    /// <summary>The file as text (the HTML pages, which get a fixed message put into them).</summary>
    public string Text(string path) => System.Text.Encoding.UTF8.GetString(_files[path].Content);

    /// <summary>Sends a file with its validator; 304 when the browser has it already.</summary>
    public Task SendAsync(HttpContext context, string path)
    {
        if (Find(path) is not { } asset)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        ViewerHeaders.Apply(context, page: asset.ContentType.StartsWith("text/html", StringComparison.Ordinal));
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    /// <summary>The media type of a file by its extension.</summary>
    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
