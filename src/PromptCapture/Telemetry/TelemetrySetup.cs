using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PromptCapture.Telemetry;

/// <summary>
/// Registers OpenTelemetry only when the standard OTEL_EXPORTER_OTLP_ENDPOINT (or a per-signal endpoint) is set:
/// the OTLP exporter then reads the protocol, headers and timeout from the same standard variables, batches in the
/// background and drops rather than waits, so a dead collector never slows a request. Without it nothing is
/// registered and the ActivitySource and Meter have no listener.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Service name when OTEL_SERVICE_NAME is not set.</summary>
    public const string DefaultServiceName = "promptcapture";

    /// <summary>Whether an OTLP endpoint is configured.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]);

    /// <summary>One line for serve's start-up log: where OTLP goes (no user info, no headers), or off.</summary>
    public static string Describe(IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
            return "off (set OTEL_EXPORTER_OTLP_ENDPOINT to export traces and metrics)";
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]!;
        if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            endpoint = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return $"exporting traces and metrics over OTLP ({configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc"}) to {endpoint}";
    }

    /// <summary>Adds tracing and metrics with the OTLP exporter when configured; returns whether it did.</summary>
    public static bool AddGatewayTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
            return false;
        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing.AddSource(GatewayTelemetry.Name).AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddMeter(GatewayTelemetry.Name).AddOtlpExporter());
        return true;
    }
}
