using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Ollama;

/// <summary>POST /api/chat over raw HTTP against the fake chat upstream: Ollama's shapes, the mapping upstream, capture.</summary>
public class OllamaChatTests
{
    /// <summary>No stream field means NDJSON: text pieces with done:false, then one final object with reason and timings.</summary>
    [Fact]
    public async Task Chat_streams_ndjson_by_default_and_ends_with_timings()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Deltas = ["Hel", "lo", "!"], PromptTokens = 12, CompletionTokens = 3 };
        var (status, type, lines) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-chat:latest","messages":[{"role":"user","content":"Hi"}],"keep_alive":"5m"}""");

        status.Should().Be(200);
        type.Should().Be("application/x-ndjson");
        var pieces = lines.Take(lines.Count - 1).ToList();
        pieces.Should().OnlyContain(l => !l.GetProperty("done").GetBoolean());
        string.Concat(pieces.Select(p => p.GetProperty("message").GetProperty("content").GetString())).Should().Be("Hello!");
        pieces[0].GetProperty("model").GetString().Should().Be("fake-chat:latest");
        pieces[0].GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        DateTimeOffset.TryParse(pieces[0].GetProperty("created_at").GetString(), out _).Should().BeTrue();
        var final = lines[^1];
        final.GetProperty("done").GetBoolean().Should().BeTrue();
        final.GetProperty("done_reason").GetString().Should().Be("stop");
        final.GetProperty("prompt_eval_count").GetInt64().Should().Be(12);
        final.GetProperty("eval_count").GetInt64().Should().Be(3);
        foreach (var field in new[] { "total_duration", "load_duration", "prompt_eval_duration", "eval_duration" })
            final.GetProperty(field).GetInt64().Should().BeGreaterThanOrEqualTo(0);
        h.Upstream.Last.Json.GetProperty("stream").GetBoolean().Should().BeTrue();
        h.Upstream.Last.Json.GetProperty("model").GetString().Should().Be("upstream-chat-model");

        await h.FlushAsync();
        var row = Db.Rows(h.DatabasePath, "SELECT front_door, stream FROM prompt_capture_requests").Should().ContainSingle().Subject;
        row["front_door"].Should().Be("ollama");
        Db.Scalar(h.DatabasePath, "SELECT response FROM turn_search").Should().Be("Hello!");
    }

    /// <summary>"stream": false gives one object with the whole message; options, format and think map to chat-completions fields.</summary>
    [Fact]
    public async Task Non_streamed_chat_maps_options_format_and_images()
    {
        await using var h = await GatewayHarness.StartAsync();
        var png = Convert.ToBase64String([0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3, 4]);
        var (status, type, lines) = await h.Http.PostOllamaAsync("/api/chat", $$"""
            {"model":"fake-chat","stream":false,"format":"json","think":"low",
             "options":{"temperature":0.2,"top_p":0.9,"top_k":40,"seed":7,"num_predict":64,"stop":["END"],"num_ctx":8192},
             "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is this?","images":["{{png}}"]}]}
            """);

        status.Should().Be(200);
        type.Should().Be("application/json");
        var body = lines.Should().ContainSingle().Subject;
        body.GetProperty("done").GetBoolean().Should().BeTrue();
        body.GetProperty("message").GetProperty("content").GetString().Should().Be("Hello from the fake upstream.");
        body.GetProperty("eval_count").GetInt64().Should().Be(7);
        var upstream = h.Upstream.Last.Json;
        upstream.GetProperty("temperature").GetDouble().Should().BeApproximately(0.2, 1e-6);
        upstream.GetProperty("top_p").GetDouble().Should().BeApproximately(0.9, 1e-6);
        upstream.GetProperty("seed").GetInt64().Should().Be(7);
        upstream.GetProperty("max_tokens").GetInt32().Should().Be(64);
        upstream.GetProperty("stop")[0].GetString().Should().Be("END");
        upstream.GetProperty("response_format").GetProperty("type").GetString().Should().Be("json_object");
        upstream.GetProperty("reasoning_effort").GetString().Should().Be("low");
        upstream.TryGetProperty("top_k", out _).Should().BeFalse("top_k is not a chat-completions field");
        upstream.TryGetProperty("keep_alive", out _).Should().BeFalse();
        var user = upstream.GetProperty("messages")[1];
        user.GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString().Should().StartWith("data:image/png;base64,");

        await h.FlushAsync();
        var options = Db.Scalar(h.DatabasePath, "SELECT options_json FROM turns") as string;
        options.Should().Contain("\"num_ctx\"").And.Contain("\"top_k\"");
    }

    /// <summary>A JSON schema as format becomes a json_schema response_format.</summary>
    [Fact]
    public async Task Schema_format_becomes_json_schema()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, _) = await h.Http.PostOllamaAsync("/api/chat", """
            {"model":"fake-chat","stream":false,"format":{"type":"object","properties":{"a":{"type":"string"}}},"messages":[{"role":"user","content":"x"}]}
            """);
        status.Should().Be(200);
        var format = h.Upstream.Last.Json.GetProperty("response_format");
        format.GetProperty("type").GetString().Should().Be("json_schema");
        format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").GetProperty("a").GetProperty("type").GetString().Should().Be("string");
    }

    /// <summary>
    /// A tool call comes back whole with arguments as an object (streamed and not); the next request's assistant
    /// tool_calls and tool message (named only, no id) reach the upstream as a matched call and result.
    /// </summary>
    [Fact]
    public async Task Tool_calls_come_back_as_objects_and_results_are_matched()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_9", "get_weather", """{"city":"Paris"}""")], FinishReason = "tool_calls" },
            new FakeReply { Content = "", ToolCalls = [("call_9", "get_weather", """{"city":"Paris"}""")], FinishReason = "tool_calls" },
            new FakeReply { Content = "Sunny." });
        const string tools = """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]
            """;
        var (_, _, whole) = await h.Http.PostOllamaAsync("/api/chat", $$"""{"model":"fake-chat","stream":false,{{tools}},"messages":[{"role":"user","content":"Weather in Paris?"}]}""");
        var call = whole[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function");
        call.GetProperty("name").GetString().Should().Be("get_weather");
        call.GetProperty("arguments").GetProperty("city").GetString().Should().Be("Paris");
        whole[0].GetProperty("done_reason").GetString().Should().Be("stop");
        h.Upstream.Last.Json.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString().Should().Be("get_weather");

        var (_, _, streamed) = await h.Http.PostOllamaAsync("/api/chat", $$"""{"model":"fake-chat",{{tools}},"messages":[{"role":"user","content":"Weather in Paris?"}]}""");
        var callLine = streamed.Should().ContainSingle(l => HasToolCalls(l)).Subject;
        callLine.GetProperty("done").GetBoolean().Should().BeFalse();
        callLine.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetProperty("city").GetString().Should().Be("Paris");
        streamed[^1].GetProperty("done").GetBoolean().Should().BeTrue();

        var (status, _, answer) = await h.Http.PostOllamaAsync("/api/chat", $$$$"""
            {"model":"fake-chat","stream":false,{{{{tools}}}},"messages":[{"role":"user","content":"Weather in Paris?"},
             {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
             {"role":"tool","tool_name":"get_weather","content":"sunny, 21C"}]}
            """);
        status.Should().Be(200);
        answer[0].GetProperty("message").GetProperty("content").GetString().Should().Be("Sunny.");
        var messages = h.Upstream.Last.Json.GetProperty("messages");
        var id = messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString();
        JsonDocument.Parse(messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!).RootElement
            .GetProperty("city").GetString().Should().Be("Paris");
        messages[2].GetProperty("role").GetString().Should().Be("tool");
        messages[2].GetProperty("tool_call_id").GetString().Should().Be(id);
        messages[2].GetProperty("content").GetString().Should().Be("sunny, 21C");
    }

    /// <summary>Reasoning from the upstream arrives as message.thinking.</summary>
    [Fact]
    public async Task Reasoning_is_streamed_as_thinking()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Reasoning = "Let me think.", Content = "42" };
        var (_, _, lines) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-reasoner","think":true,"messages":[{"role":"user","content":"Answer?"}]}""");
        string.Concat(lines.Select(l => l.GetProperty("message").TryGetProperty("thinking", out var t) ? t.GetString() : "")).Should().Be("Let me think.");
        string.Concat(lines.Select(l => l.GetProperty("message").GetProperty("content").GetString())).Should().Be("42");
    }

    /// <summary>A max-token stop is done_reason length.</summary>
    [Fact]
    public async Task Length_finish_is_done_reason_length()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { FinishReason = "length" };
        var (_, _, lines) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-chat","stream":false,"messages":[{"role":"user","content":"Go on"}]}""");
        lines[0].GetProperty("done_reason").GetString().Should().Be("length");
    }

    /// <summary>No messages loads the model in Ollama: a done object with reason load, and nothing goes upstream.</summary>
    [Fact]
    public async Task Empty_messages_answer_load_without_calling_upstream()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-chat","messages":[]}""");
        status.Should().Be(200);
        lines.Should().ContainSingle().Which.GetProperty("done_reason").GetString().Should().Be("load");
        h.Upstream.Requests.Should().BeEmpty();
    }

    /// <summary>Bad input of every kind is a 400 in {"error":...}; an unknown model is Ollama's 404; the server keeps serving.</summary>
    [Theory]
    [InlineData("""{"model":"nope","messages":[{"role":"user","content":"x"}]}""", 404, "model \"nope\" not found, try pulling it first")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", 400, "model is required")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"wizard","content":"x"}]}""", 400, "invalid role")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x","images":["***"]}]}""", 400, "base64")]
    [InlineData("""{"model":"fake-chat","options":{"temperature":"hot"},"messages":[{"role":"user","content":"x"}]}""", 400, "options.temperature")]
    [InlineData("""{"model":"fake-chat","options":[1],"messages":[{"role":"user","content":"x"}]}""", 400, "options")]
    [InlineData("""{"model":"fake-chat","format":"xml","messages":[{"role":"user","content":"x"}]}""", 400, "format")]
    [InlineData("""{"model":"fake-chat","think":"max","messages":[{"role":"user","content":"x"}]}""", 400, "think")]
    [InlineData("""{"model":"fake-chat","tools":[{"type":"function"}],"messages":[{"role":"user","content":"x"}]}""", 400, "tools[0]")]
    [InlineData("""{"model":"fake-chat","messages":"hi"}""", 400, "")]
    [InlineData("""[1,2]""", 400, "")]
    public async Task Bad_chat_requests_get_ollama_errors(string body, int expected, string fragment)
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/chat", body);
        status.Should().Be(expected);
        var error = lines.Should().ContainSingle().Which.GetProperty("error").GetString();
        error.Should().NotBeNullOrEmpty();
        if (fragment.Length > 0)
            error.Should().Contain(fragment);
        var (ok, _, _) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-chat","stream":false,"messages":[{"role":"user","content":"x"}]}""");
        ok.Should().Be(200);
    }

    /// <summary>An upstream failure before any byte is an Ollama error with the upstream's status.</summary>
    [Fact]
    public async Task Upstream_error_is_an_ollama_error()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 429 };
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-chat","messages":[{"role":"user","content":"x"}]}""");
        status.Should().Be(429);
        lines[0].GetProperty("error").GetString().Should().NotBeNullOrEmpty();
    }

    /// <summary>An upstream stream that breaks after its first chunks ends the NDJSON answer with an {"error":...} line and no done object.</summary>
    [Fact]
    public async Task Broken_upstream_stream_ends_with_an_error_line()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "one two three four", CutAfterChunks = 3, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-chat","messages":[{"role":"user","content":"x"}]}""");
        status.Should().Be(200);
        lines.Should().HaveCountGreaterThan(1);
        lines[^1].GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        lines.Where(IsDone).Should().BeEmpty();
        lines[0].GetProperty("message").GetProperty("content").GetString().Should().NotBeNullOrEmpty();
    }

    /// <summary>Whether an NDJSON line is a final done object.</summary>
    private static bool IsDone(JsonElement line) => line.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True;

    /// <summary>Whether an NDJSON line carries tool calls.</summary>
    private static bool HasToolCalls(JsonElement line) => line.GetProperty("message").TryGetProperty("tool_calls", out _);
}
