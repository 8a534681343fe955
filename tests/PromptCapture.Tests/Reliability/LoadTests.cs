using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>Many clients at once: every answer correct, every exchange captured exactly once.</summary>
public sealed class LoadTests
{
    /// <summary>500 concurrent requests, half streaming, each with its own text: 500 correct answers and exactly 500 turns.</summary>
    [Fact]
    public async Task Five_hundred_concurrent_requests_all_answered_and_captured()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 500 }) { BaseAddress = h.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
        {
            var stream = i % 2 == 0;
            var response = await http.PostAsync("/v1/chat/completions",
                new StringContent(Requests.Simple("echo", $"request number {i}", stream), Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            var text = stream
                ? string.Concat(Sse.Chunks(body).Where(c => c.GetProperty("choices").GetArrayLength() > 0)
                    .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var d) ? d.GetString() : ""))
                : JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
            return (i, response.StatusCode, text);
        }));
        await h.FlushAsync();

        results.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK && r.text == $"request number {r.i}");
        Db.Scalar(h.DatabasePath, "select count(*) from turns").Should().Be(500L);
        Db.Scalar(h.DatabasePath, "select count(distinct turn_id) from prompt_capture_requests").Should().Be(500L);
        Db.Scalar(h.DatabasePath, "select count(*) from turn_search where prompt like 'request number %'").Should().Be(500L);
        h.Store.Dropped.Should().Be(0);
    }
}
