using System.Text.Json;

namespace PromptCapture.Capture;

/// <summary>What the capture filter needs to know about a request before the upstream answers; built by Translation.</summary>
public sealed record CaptureContext
{
    /// <summary>The alias asked for.</summary>
    public required string Model { get; init; }
    /// <summary>The provider name.</summary>
    public required string Provider { get; init; }
    /// <summary>The model id sent upstream.</summary>
    public required string UpstreamModel { get; init; }
    /// <summary>The request's messages in capture form.</summary>
    public required IReadOnlyList<CapturedMessage> Messages { get; init; }
    /// <summary>Options the client set.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Options { get; init; } = [];
    /// <summary>Tool definitions offered.</summary>
    public IReadOnlyList<CapturedTool> Tools { get; init; } = [];
    /// <summary>json_schema schema, if any.</summary>
    public JsonElement? Schema { get; init; }
    /// <summary>The client, with status 0 until the outcome is known.</summary>
    public ClientInfo? Client { get; init; }
    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset StartedUtc { get; init; }
    /// <summary>Stopwatch timestamp of arrival, for duration_ms.</summary>
    public required long StartTimestamp { get; init; }
}
