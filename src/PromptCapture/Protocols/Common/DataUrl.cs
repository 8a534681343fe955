
namespace PromptCapture.Protocols.Common;

/// <summary>Parses RFC 2397 base64 data URLs (data:image/png;base64,...), the form OpenAI clients send images in.</summary>
public static class DataUrl
{
    /// <summary>True when <paramref name="url"/> is a base64 data URL; gives its MIME type and bytes.</summary>
    public static bool TryParse(string url, out string mime, out byte[] bytes)
    {
        mime = "";
        bytes = [];
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            return false;
        var comma = url.IndexOf(',');
        if (comma < 0)
            return false;
        var header = url.AsSpan(5, comma - 5);
        const string marker = ";base64";
        if (!header.EndsWith(marker, StringComparison.OrdinalIgnoreCase))
            return false;
        var type = header[..^marker.Length];
        mime = type.IsEmpty ? "application/octet-stream" : type.ToString();
        var data = url.AsSpan(comma + 1);
        var decoded = new byte[data.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(data, decoded, out var written))
            return false;
        bytes = written == decoded.Length ? decoded : decoded.AsSpan(0, written).ToArray();
        return true;
    }
}
