using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PromptCapture.Telemetry;

/// <summary>
/// The gateway's one ActivitySource and one Meter with its instruments. With no OTLP endpoint nothing listens: the
/// source hands out no activities and every instrument reports Enabled false, so the hot path pays one check.
/// </summary>
public static class GatewayTelemetry
{
    /// <summary>The name of the ActivitySource and the Meter, as exporters subscribe to them.</summary>
    public const string Name = "PromptCapture";

    /// <summary>
    /// Masks known keys in text that goes into spans (message contents when opted in, error messages), as the
    /// database gets it; set by the host from its live registry. Process-wide: with several gateways in one process
    /// the last one started decides.
    /// </summary>
    public static Func<string, string> Redact { get; set; } = static text => text;

    /// <summary>The source of request, attempt and upstream-try spans.</summary>
    public static readonly ActivitySource Source = new(Name, Version());

    /// <summary>The meter of every instrument below.</summary>
    public static readonly Meter Meter = new(Name, Version());

    /// <summary>GenAI semconv: tokens per operation, by gen_ai.token.type (input, output).</summary>
    public static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}",
        "Tokens used per operation (input and output).",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304] });

    /// <summary>GenAI semconv: how long an operation took, client's view (the whole request through the gateway).</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s",
        "Duration of a GenAI operation.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    /// <summary>Time from the start of a streamed attempt to its first chunk with content.</summary>
    public static readonly Histogram<double> TimeToFirstChunk = Meter.CreateHistogram<double>("gen_ai.client.operation.time_to_first_chunk", "s",
        "Time to the first streamed chunk of an answer.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24] });

    /// <summary>Requests by front door, alias and HTTP status.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("promptcapture.requests", "{request}", "Requests served, by status.");

    /// <summary>Fallbacks from one alias to the next.</summary>
    public static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>("promptcapture.fallbacks", "{fallback}", "Fallbacks to another alias.");

    /// <summary>Upstream HTTP retries (tries after the first).</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("promptcapture.upstream.retries", "{retry}", "Upstream HTTP retries.");

    /// <summary>How long one capture batch took to commit.</summary>
    public static readonly Histogram<double> CaptureWriteDuration = Meter.CreateHistogram<double>("promptcapture.capture.write.duration", "s",
        "Time to commit one capture batch.");

    /// <summary>The capture store whose queue the observable instruments read (the running gateway's).</summary>
    private static ICaptureQueueView? _capture;

    /// <summary>Queue depth, records written and dropped, read when an exporter collects.</summary>
    static GatewayTelemetry()
    {
        Meter.CreateObservableGauge("promptcapture.capture.queue.depth", () => _capture?.QueueDepth ?? 0L, "{record}",
            "Capture records waiting for the writer.");
        Meter.CreateObservableCounter("promptcapture.capture.written", () => _capture?.Written ?? 0L, "{record}",
            "Capture records committed to the database.");
        Meter.CreateObservableCounter("promptcapture.capture.dropped", () => _capture?.Dropped ?? 0L, "{record}",
            "Capture records lost (queue full, store stopped, unwritable).");
    }

    /// <summary>Whether anything listens to spans (an OTLP trace exporter is registered).</summary>
    public static bool Tracing => Source.HasListeners();

    /// <summary>Whether spans or request metrics are wanted at all: the one check the hot path makes.</summary>
    public static bool On => Source.HasListeners() || Requests.Enabled;

    /// <summary>Lets the observable capture instruments read this store.</summary>
    public static void WatchCapture(ICaptureQueueView store) => _capture = store;

    /// <summary>The assembly's version for the source and meter.</summary>
    private static string Version() => typeof(GatewayTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}

/// <summary>What the capture instruments read from the store.</summary>
public interface ICaptureQueueView
{
    /// <summary>Records accepted and not yet processed.</summary>
    long QueueDepth { get; }

    /// <summary>Records committed.</summary>
    long Written { get; }

    /// <summary>Records lost.</summary>
    long Dropped { get; }
}
