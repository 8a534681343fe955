using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PromptCapture.Tests.Fakes;

/// <summary>A span as the collector received it.</summary>
/// <param name="Name">Span name.</param>
/// <param name="TraceId">Trace id, lowercase hex.</param>
/// <param name="SpanId">Span id, lowercase hex.</param>
/// <param name="ParentSpanId">Parent span id, lowercase hex, or "" for a root.</param>
/// <param name="Kind">OTLP SpanKind (2 server, 3 client).</param>
/// <param name="StatusCode">OTLP status code (0 unset, 1 ok, 2 error).</param>
/// <param name="Attributes">Attributes by key: string, bool, long, double or object[] for arrays.</param>
/// <param name="Events">Event names.</param>
/// <param name="Resource">The resource's attributes (service.name ...).</param>
public sealed record ReceivedSpan(string Name, string TraceId, string SpanId, string ParentSpanId, int Kind, int StatusCode,
    IReadOnlyDictionary<string, object?> Attributes, IReadOnlyList<string> Events, IReadOnlyDictionary<string, object?> Resource);

/// <summary>One data point of a metric: its attributes and its value (sum or gauge) or histogram count and sum.</summary>
/// <param name="Attributes">Attributes by key.</param>
/// <param name="Value">The number of a sum or gauge point.</param>
/// <param name="Count">A histogram point's count.</param>
/// <param name="Sum">A histogram point's sum.</param>
public sealed record ReceivedPoint(IReadOnlyDictionary<string, object?> Attributes, double Value, ulong Count, double Sum);

/// <summary>A metric as the collector received it in one export.</summary>
/// <param name="Name">Instrument name.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Kind">gauge, sum or histogram.</param>
/// <param name="Points">Its data points.</param>
public sealed record ReceivedMetric(string Name, string Unit, string Kind, IReadOnlyList<ReceivedPoint> Points);

/// <summary>
/// An OpenTelemetry collector in the tests: a loopback HTTP server that takes OTLP/HTTP protobuf exports
/// (POST /v1/traces, /v1/metrics), decodes them with <see cref="ProtobufReader"/> and keeps what came in.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    /// <summary>The web server.</summary>
    private readonly WebApplication _app;

    /// <summary>Every span received.</summary>
    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    /// <summary>Every metric of every export, in arrival order (cumulative sums repeat per export).</summary>
    public ConcurrentQueue<ReceivedMetric> Metrics { get; } = new();

    /// <summary>Raw bodies of every export, to search for text that must never leave (keys).</summary>
    public ConcurrentQueue<byte[]> Bodies { get; } = new();

    /// <summary>Headers of the exports (OTEL_EXPORTER_OTLP_HEADERS arrive here).</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Headers { get; } = new();

    /// <summary>The endpoint to put in OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Builds the server; call <see cref="StartAsync"/>.</summary>
    private OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/traces", context => ReceiveAsync(context, ReadTraces));
        _app.MapPost("/v1/metrics", context => ReceiveAsync(context, ReadMetrics));
    }

    /// <summary>Starts a receiver on a free loopback port.</summary>
    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        await receiver._app.StartAsync();
        receiver.Endpoint = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>Waits (polling, within 30 s) until a condition over what arrived holds.</summary>
    public async Task WaitForAsync(Func<OtlpReceiver, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The collector did not receive {what}; spans: {string.Join(", ", Spans.Select(s => s.Name))}; metrics: {string.Join(", ", Metrics.Select(m => m.Name).Distinct())}");
            await Task.Delay(50);
        }
    }

    /// <summary>The latest export's points of a metric (cumulative temporality: the latest holds the totals).</summary>
    public IReadOnlyList<ReceivedPoint> Latest(string name) => Metrics.LastOrDefault(m => m.Name == name)?.Points ?? [];

    /// <summary>Reads one export body and answers 200 with an empty (success) response.</summary>
    private async Task ReceiveAsync(HttpContext context, Action<byte[]> read)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        Bodies.Enqueue(body);
        Headers.Enqueue(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
        read(body);
        context.Response.ContentType = "application/x-protobuf";
    }

    /// <summary>ExportTraceServiceRequest: resource_spans(1) { resource(1), scope_spans(2) { spans(2) } }.</summary>
    private void ReadTraces(byte[] body)
    {
        foreach (var resourceSpans in ProtobufReader.Read(body).Where(f => f.Number == 1))
        {
            var fields = resourceSpans.Message;
            var resource = Attributes(fields.Where(f => f.Number == 1).SelectMany(f => f.Message), 1);
            foreach (var scope in fields.Where(f => f.Number == 2))
            {
                foreach (var span in scope.Message.Where(f => f.Number == 2))
                {
                    var s = span.Message;
                    Spans.Enqueue(new ReceivedSpan(
                        Name: s.FirstOrDefault(f => f.Number == 5)?.Text ?? "",
                        TraceId: Hex(s, 1), SpanId: Hex(s, 2), ParentSpanId: Hex(s, 4),
                        Kind: (int)(s.FirstOrDefault(f => f.Number == 6)?.Integer ?? 0),
                        StatusCode: (int)(s.FirstOrDefault(f => f.Number == 15)?.Message.FirstOrDefault(f => f.Number == 3)?.Integer ?? 0),
                        Attributes: Attributes(s, 9),
                        Events: s.Where(f => f.Number == 11).Select(e => e.Message.FirstOrDefault(f => f.Number == 2)?.Text ?? "").ToList(),
                        Resource: resource));
                }
            }
        }
    }

    /// <summary>ExportMetricsServiceRequest: resource_metrics(1) { scope_metrics(2) { metrics(2) } }.</summary>
    private void ReadMetrics(byte[] body)
    {
        foreach (var resourceMetrics in ProtobufReader.Read(body).Where(f => f.Number == 1))
        {
            foreach (var scope in resourceMetrics.Message.Where(f => f.Number == 2))
            {
                foreach (var metric in scope.Message.Where(f => f.Number == 2))
                {
                    var m = metric.Message;
                    var name = m.FirstOrDefault(f => f.Number == 1)?.Text ?? "";
                    var unit = m.FirstOrDefault(f => f.Number == 3)?.Text ?? "";
                    if (m.FirstOrDefault(f => f.Number is 5 or 7) is { } numbers)
                    {
                        var points = numbers.Message.Where(f => f.Number == 1).Select(p => p.Message).Select(p => new ReceivedPoint(
                            Attributes(p, 7),
                            p.FirstOrDefault(f => f.Number == 4) is { } asDouble ? asDouble.Double : (long)(p.FirstOrDefault(f => f.Number == 6)?.Integer ?? 0),
                            0, 0)).ToList();
                        Metrics.Enqueue(new ReceivedMetric(name, unit, numbers.Number == 5 ? "gauge" : "sum", points));
                    }
                    else if (m.FirstOrDefault(f => f.Number == 9) is { } histogram)
                    {
                        var points = histogram.Message.Where(f => f.Number == 1).Select(p => p.Message).Select(p => new ReceivedPoint(
                            Attributes(p, 9), 0,
                            p.FirstOrDefault(f => f.Number == 4)?.Integer ?? 0,
                            p.FirstOrDefault(f => f.Number == 5)?.Double ?? 0)).ToList();
                        Metrics.Enqueue(new ReceivedMetric(name, unit, "histogram", points));
                    }
                }
            }
        }
    }

    /// <summary>KeyValue fields (key 1, AnyValue 2) of a message's field <paramref name="number"/>.</summary>
    private static Dictionary<string, object?> Attributes(IEnumerable<ProtoField> fields, int number)
    {
        var attributes = new Dictionary<string, object?>();
        foreach (var pair in fields.Where(f => f.Number == number).Select(f => f.Message))
            attributes[pair.FirstOrDefault(f => f.Number == 1)?.Text ?? ""] = Value(pair.FirstOrDefault(f => f.Number == 2)?.Message ?? []);
        return attributes;
    }

    /// <summary>AnyValue: string 1, bool 2, int 3, double 4, array 5 (values 1).</summary>
    private static object? Value(IReadOnlyList<ProtoField> any)
    {
        if (any.Count == 0)
            return null;
        var field = any[0];
        return field.Number switch
        {
            1 => field.Text,
            2 => field.Integer != 0,
            3 => (long)field.Integer,
            4 => field.Double,
            5 => field.Message.Where(f => f.Number == 1).Select(v => Value(v.Message)).ToArray(),
            _ => null,
        };
    }

    /// <summary>A bytes field as lowercase hex ("" when absent).</summary>
    private static string Hex(IReadOnlyList<ProtoField> fields, int number) =>
        Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number)?.Bytes ?? []);

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
