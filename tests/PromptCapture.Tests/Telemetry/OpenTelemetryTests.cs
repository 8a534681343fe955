using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using PromptCapture.Tests.Protocols.Messages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace PromptCapture.Tests.Telemetry;

/// <summary>
/// The gateway process exporting OTLP/HTTP protobuf to an in-test collector: GenAI-convention spans (request, attempt,
/// upstream tries) and metrics for a streamed and a failed request, the client's trace continued upstream.
/// </summary>
public sealed class OpenTelemetryTests : IDisposable
{
    /// <summary>The key the upstream is called with; it must never reach the collector.</summary>
    private const string Key = "sk-otel-test-key-5f1c";

    /// <summary>The working folder.</summary>
    private readonly TempFolder _folder = new("pc-otel-");

    /// <summary>
    /// Starts a fake upstream, a collector and the gateway process wired to both: alias "up" retries twice and falls
    /// back to "down"; exports are flushed every 100 ms.
    /// </summary>
    private async Task<Rig> StartAsync(bool captureContent)
    {
        var upstream = await FakeUpstream.StartAsync();
        var collector = await OtlpReceiver.StartAsync();
        await File.WriteAllTextAsync(_folder.File("providers.json"), $$"""
            {"defaultModel":"up","providers":[
              {"name":"upco","type":"openai","endpoint":"{{upstream.BaseUrl}}","apiKeyEnv":"PC_OTEL_KEY","retry":{"maxRetries":2,"baseDelayMs":1},
               "models":[{"alias":"up","model":"up-model","fallbacks":["down"]}]},
              {"name":"downco","type":"openai","endpoint":"{{upstream.BaseUrl}}","apiKeyEnv":"PC_OTEL_KEY","retry":{"maxRetries":0},
               "models":[{"alias":"down","model":"down-model"}]}]}
            """);
        var environment = new Dictionary<string, string>
        {
            ["PC_OTEL_KEY"] = Key,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-collector-token=abc123",
            ["OTEL_SERVICE_NAME"] = "gateway-under-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
            ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = captureContent ? "true" : "false",
        };
        var gateway = GatewayProcess.Start(_folder.Path, environment, "serve", "--port", "0", "--db", _folder.File("logs.db"));
        var http = new HttpClient { BaseAddress = new Uri((await gateway.WaitForAddressAsync()).Replace("/v1", "")) };
        return new Rig(upstream, collector, gateway, http);
    }

    /// <summary>The fake upstream, the collector, the gateway process and a client for it, disposed together.</summary>
    /// <param name="Upstream">The fake upstream.</param>
    /// <param name="Collector">The OTLP receiver.</param>
    /// <param name="Gateway">The gateway process.</param>
    /// <param name="Http">A client of the gateway.</param>
    private sealed record Rig(FakeUpstream Upstream, OtlpReceiver Collector, GatewayProcess Gateway, HttpClient Http) : IAsyncDisposable
    {
        /// <summary>Stops everything, the gateway first.</summary>
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Gateway.DisposeAsync();
            await Collector.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }

    /// <summary>
    /// A streamed chat completion with a client traceparent: the request span continues the client's trace, names the
    /// alias and carries the GenAI request/response attributes and the capture turn id; its attempt span and HTTP try
    /// span hang beneath it, the upstream got the try span's traceparent, contents are there when opted in, and the
    /// token, duration, first-chunk, request and capture metrics arrive.
    /// </summary>
    [Fact]
    public async Task Streamed_request_exports_genai_spans_and_metrics_continuing_the_clients_trace()
    {
        await using var rig = await StartAsync(captureContent: true);
        var (upstream, collector, http) = (rig.Upstream, rig.Collector, rig.Http);
        upstream.Enqueue(new FakeReply { Deltas = ["Hel", "lo", " there"], PromptTokens = 21, CompletionTokens = 3, Model = "up-model-2026" });
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""
                {"model":"up","stream":true,"temperature":0.25,"max_tokens":50,"stop":["END"],
                 "messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Say hello"}]}
                """, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using var response = await http.SendAsync(request);
        (await response.Content.ReadAsStringAsync()).Should().Contain("[DONE]");

        await collector.WaitForAsync(c => c.Spans.Any(s => s.Name == "chat up"), "the request span");
        var spans = collector.Spans.Where(s => s.TraceId == traceId).ToList();
        var root = spans.Single(s => s.Name == "chat up");
        root.ParentSpanId.Should().Be("00f067aa0ba902b7");
        root.Kind.Should().Be(2);
        root.Resource["service.name"].Should().Be("gateway-under-test");
        var a = root.Attributes;
        a["gen_ai.operation.name"].Should().Be("chat");
        a["gen_ai.request.model"].Should().Be("up");
        a["gen_ai.provider.name"].Should().Be("upco");
        a["gen_ai.response.model"].Should().Be("up-model-2026");
        ((string)a["gen_ai.response.id"]!).Should().StartWith("chatcmpl-");
        a["gen_ai.response.finish_reasons"].Should().BeEquivalentTo(new object[] { "stop" });
        a["gen_ai.usage.input_tokens"].Should().Be(21L);
        a["gen_ai.usage.output_tokens"].Should().Be(3L);
        a["gen_ai.request.temperature"].Should().Be(0.25);
        a["gen_ai.request.max_tokens"].Should().Be(50L);
        a["gen_ai.request.stop_sequences"].Should().BeEquivalentTo(new object[] { "END" });
        a["promptcapture.front_door"].Should().Be("chat");
        a["http.response.status_code"].Should().Be(200L);
        ((string)a["gen_ai.input.messages"]!).Should().Contain("Say hello");
        ((string)a["gen_ai.system_instructions"]!).Should().Contain("Be terse.");
        ((string)a["gen_ai.output.messages"]!).Should().Contain("Hello there");
        var turnId = (string)a["promptcapture.turn_id"]!;
        var attempt = spans.Single(s => s.ParentSpanId == root.SpanId);
        attempt.Name.Should().Be("chat up-model");
        attempt.Kind.Should().Be(3);
        attempt.Attributes["server.address"].Should().Be("127.0.0.1");
        attempt.Attributes["gen_ai.request.model"].Should().Be("up-model");
        attempt.Attributes["promptcapture.turn_id"].Should().Be(turnId);
        attempt.Attributes.Should().ContainKey("gen_ai.response.time_to_first_chunk");
        var httpTry = spans.Single(s => s.ParentSpanId == attempt.SpanId);
        httpTry.Name.Should().Be("POST");
        upstream.Last.Headers["traceparent"].Should().Be($"00-{traceId}-{httpTry.SpanId}-01");

        await collector.WaitForAsync(c => c.Latest("promptcapture.capture.written").Any(p => p.Value >= 1), "the capture written count");
        Db.Scalar(_folder.File("logs.db"), "select id from turns").Should().Be(turnId);
        var tokens = collector.Latest("gen_ai.client.token.usage");
        tokens.Single(p => Equals(p.Attributes["gen_ai.token.type"], "input")).Sum.Should().Be(21);
        tokens.Single(p => Equals(p.Attributes["gen_ai.token.type"], "output")).Sum.Should().Be(3);
        collector.Latest("gen_ai.client.operation.duration").Single().Attributes["gen_ai.request.model"].Should().Be("up");
        collector.Latest("gen_ai.client.operation.time_to_first_chunk").Single().Count.Should().Be(1);
        var requests = collector.Latest("promptcapture.requests").Single();
        requests.Value.Should().Be(1);
        requests.Attributes["http.response.status_code"].Should().Be(200L);
        requests.Attributes["promptcapture.front_door"].Should().Be("chat");
        collector.Metrics.Should().Contain(m => m.Name == "promptcapture.capture.queue.depth");
        collector.Metrics.Should().Contain(m => m.Name == "promptcapture.capture.write.duration");
        collector.Headers.Should().OnlyContain(h => h["x-collector-token"] == "abc123");
        collector.Bodies.Should().NotContain(b => Encoding.UTF8.GetString(b).Contains(Key));
    }

    /// <summary>
    /// A request whose alias answers 503 three times (two retries) and whose fallback answers 429: one request span
    /// with error.type and status 429, two attempt spans (the fallback's index 1), three HTTP tries under the first with
    /// resend counts; no message contents without the opt-in; retry, fallback and error request metrics.
    /// </summary>
    [Fact]
    public async Task Failed_request_shows_retries_and_fallback_as_spans_and_metrics()
    {
        await using var rig = await StartAsync(captureContent: false);
        var (upstream, collector, http) = (rig.Upstream, rig.Collector, rig.Http);
        var busy = new FakeReply { ErrorStatus = 503, ErrorMessage = "busy" };
        upstream.Enqueue(busy, busy, busy, new FakeReply { ErrorStatus = 429, ErrorMessage = "slow down" });

        using var response = await http.PostChatAsync(Requests.Simple("up", "will fail"));

        ((int)response.StatusCode).Should().Be(429);
        var errorType = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString();
        await collector.WaitForAsync(c => c.Spans.Any(s => s.Name == "chat up"), "the request span");
        var root = collector.Spans.Single(s => s.Name == "chat up");
        var spans = collector.Spans.Where(s => s.TraceId == root.TraceId).ToList();
        root.ParentSpanId.Should().BeEmpty();
        root.StatusCode.Should().Be(2);
        root.Attributes["error.type"].Should().Be(errorType);
        root.Attributes["http.response.status_code"].Should().Be(429L);
        root.Attributes.Keys.Should().NotContain(k => k.StartsWith("gen_ai.input") || k.StartsWith("gen_ai.output.messages") || k == "gen_ai.system_instructions");
        root.Events.Should().Contain("fallback");
        var attempts = spans.Where(s => s.ParentSpanId == root.SpanId).OrderBy(s => (long)s.Attributes["promptcapture.fallback.index"]!).ToList();
        attempts.Select(s => s.Name).Should().Equal("chat up-model", "chat down-model");
        attempts.Select(s => s.Attributes["gen_ai.provider.name"]).Should().Equal("upco", "downco");
        attempts.Should().OnlyContain(s => s.StatusCode == 2);
        attempts[0].Attributes["error.type"].Should().NotBeNull();
        var tries = spans.Where(s => s.ParentSpanId == attempts[0].SpanId).ToList();
        tries.Should().HaveCount(3);
        tries.Select(s => s.Attributes.GetValueOrDefault("http.request.resend_count")).Should().BeEquivalentTo(new object?[] { null, 1L, 2L });
        tries.Should().OnlyContain(s => Equals(s.Attributes["http.response.status_code"], 503L));

        await collector.WaitForAsync(c => c.Latest("promptcapture.requests").Any() && c.Latest("promptcapture.upstream.retries").Any()
            && c.Latest("promptcapture.fallbacks").Any(), "the failure metrics");
        collector.Latest("promptcapture.requests").Single().Attributes["http.response.status_code"].Should().Be(429L);
        collector.Latest("promptcapture.upstream.retries").Sum(p => p.Value).Should().Be(2);
        var fallback = collector.Latest("promptcapture.fallbacks").Single();
        fallback.Attributes["promptcapture.from_alias"].Should().Be("up");
        fallback.Attributes["promptcapture.to_alias"].Should().Be("down");
        collector.Latest("gen_ai.client.operation.duration").Single().Attributes["error.type"].Should().Be(errorType);
        collector.Bodies.Should().NotContain(b => Encoding.UTF8.GetString(b).Contains(Key) || Encoding.UTF8.GetString(b).Contains("will fail"));
    }

    /// <summary>
    /// Another front door gets the same spans without code of its own: an Anthropic Messages request and a Responses
    /// request each have their request span (front door named), an attempt span and the capture turn id.
    /// </summary>
    [Fact]
    public async Task Every_front_door_gets_request_and_attempt_spans()
    {
        await using var rig = await StartAsync(captureContent: false);
        var (upstream, collector, http) = (rig.Upstream, rig.Collector, rig.Http);

        var (status, _) = await http.MessagesJsonAsync("""{"model":"up","max_tokens":64,"messages":[{"role":"user","content":"hi from claude"}]}""");
        using var responses = await http.PostAsync("/v1/responses", new StringContent("""{"model":"up","input":"hi from codex"}""", Encoding.UTF8, "application/json"));

        status.Should().Be(200);
        responses.IsSuccessStatusCode.Should().BeTrue();
        await collector.WaitForAsync(c => c.Spans.Count(s => s.Name == "chat up") == 2, "two request spans");
        var roots = collector.Spans.Where(s => s.Name == "chat up").ToList();
        roots.Select(s => s.Attributes["promptcapture.front_door"]).Should().BeEquivalentTo(new object[] { "messages", "responses" });
        foreach (var root in roots)
        {
            var attempt = collector.Spans.Single(s => s.ParentSpanId == root.SpanId);
            attempt.Attributes["promptcapture.turn_id"].Should().Be(root.Attributes["promptcapture.turn_id"]);
        }
        roots.Single(s => Equals(s.Attributes["promptcapture.front_door"], "messages")).Attributes["gen_ai.request.max_tokens"].Should().Be(64L);
    }

    /// <summary>A collector that is not there: requests are answered and captured as always.</summary>
    [Fact]
    public async Task Dead_collector_never_fails_a_request()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await File.WriteAllTextAsync(_folder.File("providers.json"), $$"""
            {"defaultModel":"up","providers":[{"name":"upco","type":"openai","endpoint":"{{upstream.BaseUrl}}","apiKeyEnv":"PC_OTEL_KEY","models":[{"alias":"up","model":"up-model"}]}]}
            """);
        var environment = new Dictionary<string, string>
        {
            ["PC_OTEL_KEY"] = Key,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "50",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "50",
        };
        await using var gateway = GatewayProcess.Start(_folder.Path, environment, "serve", "--port", "0", "--db", _folder.File("logs.db"));
        using var http = new HttpClient { BaseAddress = new Uri((await gateway.WaitForAddressAsync()).Replace("/v1", "")) };

        for (var i = 0; i < 5; i++)
        {
            using var response = await http.PostChatAsync(Requests.Simple("up", "hello " + i, stream: i % 2 == 1));
            response.IsSuccessStatusCode.Should().BeTrue();
        }
        gateway.Terminate();

        (await gateway.WaitForExitAsync()).Should().Be(0, gateway.Output);
        Db.Scalar(_folder.File("logs.db"), "select count(*) from turns").Should().Be(5L);
        gateway.Output.Should().Contain("OpenTelemetry: exporting traces and metrics over OTLP (http/protobuf) to http://127.0.0.1:9/");
    }

    /// <summary>Without an OTLP endpoint nothing of OpenTelemetry is registered, so the source and meter stay unheard.</summary>
    [Fact]
    public void Without_an_endpoint_nothing_is_registered()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "x" }).Build();

        var added = PromptCapture.Telemetry.TelemetrySetup.AddGatewayTelemetry(services, configuration);

        added.Should().BeFalse();
        services.Should().BeEmpty();
        PromptCapture.Telemetry.TelemetrySetup.Describe(configuration).Should().StartWith("off");
    }

    /// <summary>Removes the folder.</summary>
    public void Dispose() => _folder.Dispose();
}
