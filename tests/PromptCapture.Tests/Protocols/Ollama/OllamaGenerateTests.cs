using FluentAssertions;
using PromptCapture.Protocols.Ollama;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Ollama;

/// <summary>POST /api/generate: prompt and system as a chat turn, answers under "response".</summary>
public class OllamaGenerateTests
{
    /// <summary>Streamed by default: response pieces, then a final object with done, timings and an empty context.</summary>
    [Fact]
    public async Task Generate_streams_response_pieces_and_a_final_object()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Deltas = ["Once ", "upon"] };
        var (status, type, lines) = await h.Http.PostOllamaAsync("/api/generate", """{"model":"fake-chat:latest","system":"You tell stories.","prompt":"Begin","options":{"num_predict":-1}}""");

        status.Should().Be(200);
        type.Should().Be("application/x-ndjson");
        string.Concat(lines.Select(l => l.GetProperty("response").GetString())).Should().Be("Once upon");
        var final = lines[^1];
        final.GetProperty("done").GetBoolean().Should().BeTrue();
        final.GetProperty("done_reason").GetString().Should().Be("stop");
        final.GetProperty("context").GetArrayLength().Should().Be(0);
        final.GetProperty("eval_count").GetInt64().Should().Be(7);
        var messages = h.Upstream.Last.Json.GetProperty("messages");
        messages[0].GetProperty("content").GetString().Should().Be("You tell stories.");
        messages[1].GetProperty("content").GetString().Should().Be("Begin");
        h.Upstream.Last.Json.TryGetProperty("max_tokens", out _).Should().BeFalse("num_predict -1 means no limit");

        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT front_door FROM prompt_capture_requests").Should().Be("ollama");
        Db.Scalar(h.DatabasePath, "SELECT prompt FROM turn_search").Should().Be("Begin");
    }

    /// <summary>A suffix cannot go to a chat provider: the answer still comes, with a header that says it was ignored.</summary>
    [Fact]
    public async Task Suffix_is_noted_not_refused()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var response = await h.Http.PostAsync("/api/generate", new StringContent("""{"model":"fake-chat","prompt":"def f(","suffix":"return x","stream":false,"raw":true}""", System.Text.Encoding.UTF8, "application/json"));
        ((int)response.StatusCode).Should().Be(200);
        response.Headers.GetValues(OllamaEndpoint.NoteHeader).Single().Should().Contain("suffix");
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("response").GetString().Should().Be("Hello from the fake upstream.");
    }

    /// <summary>An empty prompt loads the model (reason load); an unknown model is the Ollama 404.</summary>
    [Fact]
    public async Task Empty_prompt_loads_and_unknown_model_is_404()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/generate", """{"model":"fake-chat","stream":false}""");
        status.Should().Be(200);
        lines[0].GetProperty("done_reason").GetString().Should().Be("load");
        h.Upstream.Requests.Should().BeEmpty();
        var (missing, _, error) = await h.Http.PostOllamaAsync("/api/generate", """{"model":"gone:latest","prompt":"x"}""");
        missing.Should().Be(404);
        error[0].GetProperty("error").GetString().Should().Be("model \"gone:latest\" not found, try pulling it first");
    }
}
