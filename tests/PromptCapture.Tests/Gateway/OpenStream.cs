namespace PromptCapture.Tests.Gateway;

/// <summary>A streaming response being read; disposing it closes the connection as a departing client does.</summary>
/// <param name="Response">The response, headers already read.</param>
/// <param name="Reader">The event stream, positioned after the line that was waited for.</param>
public sealed record OpenStream(HttpResponseMessage Response, StreamReader Reader) : IDisposable
{
    /// <summary>Closes the stream and the response.</summary>
    public void Dispose()
    {
        Reader.Dispose();
        Response.Dispose();
    }
}
