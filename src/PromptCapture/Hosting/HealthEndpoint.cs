using System.Text.Json;
using System.Text.Json.Serialization;
using PromptCapture.Capture;
using PromptCapture.Providers;

namespace PromptCapture.Hosting;

/// <summary>GET /health/ready: ready when the providers file is loaded and the capture database takes writes (or capture is off).</summary>
public sealed class HealthEndpoint(ModelCatalog catalog, ICaptureStatus store)
{
    /// <summary>200 with the checks when ready, 503 with the same body when not.</summary>
    public Task ReadyAsync(HttpContext context)
    {
        var registry = catalog.Current;
        var report = new ReadinessReport
        {
            Providers = registry.Routes.Count > 0,
            Aliases = registry.Routes.Count,
            Capture = !store.Enabled ? "off" : store.Writable ? "writable" : "failing",
            CaptureProblem = store.Enabled && !store.Writable ? store.Problem : null,
            ProvidersError = catalog.LastError,
        };
        report.Status = report.Providers && report.Capture != "failing" ? "ready" : "not_ready";
        context.Response.StatusCode = report.Status == "ready" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, report, HealthJsonContext.Default.ReadinessReport, context.RequestAborted);
    }
}

/// <summary>The readiness answer.</summary>
public sealed class ReadinessReport
{
    /// <summary>ready or not_ready.</summary>
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    /// <summary>Whether providers.json is loaded with at least one alias.</summary>
    [JsonPropertyName("providers")] public bool Providers { get; init; }
    /// <summary>How many aliases are served.</summary>
    [JsonPropertyName("aliases")] public int Aliases { get; init; }
    /// <summary>off, writable or failing.</summary>
    [JsonPropertyName("capture")] public string Capture { get; init; } = "";
    /// <summary>Why the last edit of providers.json (or .env) was not taken: the last good configuration is still served.</summary>
    [JsonPropertyName("providers_error")] public string? ProvidersError { get; init; }
    /// <summary>Why capture is failing (the database path and the reason), only while it is.</summary>
    [JsonPropertyName("capture_problem")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CaptureProblem { get; init; }
}

/// <summary>Source-generated JSON for the readiness answer.</summary>
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
