namespace PromptCapture.Protocols.Common;

/// <summary>MIME types for attachments that arrive as URLs, for llm's attachments table.</summary>
public static class MimeTypes
{
    /// <summary>A MIME type from a URL's extension, for the attachments table; image/jpeg when unknown.</summary>
    public static string FromUrl(Uri uri) => Path.GetExtension(uri.AbsolutePath).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => "image/jpeg",
    };
}
