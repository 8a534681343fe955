using System.Text.Json;

namespace PromptCapture.Tests.Gateway;

/// <summary>Reads a server-sent event stream into its data payloads, as a client would.</summary>
public static class Sse
{
    /// <summary>All "data:" payloads of a complete event stream, in order.</summary>
    public static List<string> Events(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim())
            .Where(e => e.StartsWith("data: ", StringComparison.Ordinal))
            .Select(e => e["data: ".Length..])
            .ToList();

    /// <summary>The JSON chunks of a stream (everything but [DONE]).</summary>
    public static List<JsonElement> Chunks(string body) =>
        Events(body).Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement).ToList();
}
