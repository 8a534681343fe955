using System.Text.Json;

namespace PromptCapture.Tests.Fakes;

/// <summary>What the fake upstream received: the path, the headers and the JSON body exactly as sent.</summary>
/// <param name="Path">Request path.</param>
/// <param name="Headers">Request headers (lower-case names).</param>
/// <param name="Body">The raw body text.</param>
public sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
