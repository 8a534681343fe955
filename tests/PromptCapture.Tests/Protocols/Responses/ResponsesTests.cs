using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Responses;

/// <summary>POST /v1/responses over raw HTTP against the fake chat upstream: shapes, translation upstream, capture.</summary>
public class ResponsesTests
{
    /// <summary>The request a chat provider receives carries the instructions as system message and the input as user message.</summary>
    [Fact]
    public async Task Response_answers_in_openai_shape_with_the_alias_and_usage()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.ResponsesJsonAsync("""{"model":"fake-chat","instructions":"Be brief.","input":"Hello?","temperature":0.3,"max_output_tokens":50}""");

        status.Should().Be(200);
        body.GetProperty("id").GetString().Should().MatchRegex("^resp_[0-9a-f]{48}$");
        body.GetProperty("object").GetString().Should().Be("response");
        body.GetProperty("status").GetString().Should().Be("completed");
        body.GetProperty("model").GetString().Should().Be("fake-chat");
        body.GetProperty("instructions").GetString().Should().Be("Be brief.");
        var message = body.GetProperty("output").EnumerateArray().Should().ContainSingle().Subject;
        message.GetProperty("type").GetString().Should().Be("message");
        message.GetProperty("role").GetString().Should().Be("assistant");
        message.GetProperty("content")[0].GetProperty("type").GetString().Should().Be("output_text");
        message.GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Hello from the fake upstream.");
        var usage = body.GetProperty("usage");
        usage.GetProperty("input_tokens").GetInt64().Should().Be(11);
        usage.GetProperty("output_tokens").GetInt64().Should().Be(7);
        usage.GetProperty("total_tokens").GetInt64().Should().Be(18);
        usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt64().Should().Be(0);
        usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt64().Should().Be(0);

        var upstream = h.Upstream.Last.Json;
        upstream.GetProperty("model").GetString().Should().Be("upstream-chat-model");
        upstream.GetProperty("messages")[0].GetProperty("role").GetString().Should().Be("system");
        upstream.GetProperty("messages")[0].GetProperty("content").GetString().Should().Be("Be brief.");
        upstream.GetProperty("messages")[1].GetProperty("content").GetString().Should().Be("Hello?");
        upstream.GetProperty("max_tokens").GetInt32().Should().Be(50);
        upstream.GetProperty("temperature").GetDouble().Should().BeApproximately(0.3, 1e-6);

        await h.FlushAsync();
        var row = Db.Rows(h.DatabasePath, "SELECT front_door, request_id FROM prompt_capture_requests").Should().ContainSingle().Subject;
        row["front_door"].Should().Be("responses");
        row["request_id"].Should().Be(body.GetProperty("id").GetString());
    }

    /// <summary>A stream opens with created and in_progress, numbers every event, and closes with completed carrying usage.</summary>
    [Fact]
    public async Task Streaming_response_follows_openais_event_sequence()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "One two three", Reasoning = "Counting." });
        using var response = await h.Http.PostResponsesAsync("""{"model":"fake-reasoner","input":"Count","stream":true}""");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = ResponsesHttp.Events(await response.Content.ReadAsStringAsync());

        events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        events.Select(e => e.Name).Distinct().Should().ContainInOrder(
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.reasoning_text.delta", "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
            "response.output_text.delta", "response.output_text.done", "response.completed");
        events[0].Data.GetProperty("response").GetProperty("status").GetString().Should().Be("in_progress");
        string.Concat(events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data.GetProperty("delta").GetString()))
            .Should().Be("One two three");
        var done = events.Last();
        done.Name.Should().Be("response.completed");
        var output = done.Data.GetProperty("response").GetProperty("output");
        output.GetArrayLength().Should().Be(2);
        output[0].GetProperty("type").GetString().Should().Be("reasoning");
        output[0].GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Counting.");
        output[1].GetProperty("content")[0].GetProperty("text").GetString().Should().Be("One two three");
        done.Data.GetProperty("response").GetProperty("usage").GetProperty("output_tokens").GetInt64().Should().Be(7);

        await h.FlushAsync();
        Db.Rows(h.DatabasePath, "SELECT type, text FROM parts WHERE type = 'reasoning'").Should().ContainSingle()
            .Which["text"].Should().Be("Counting.");
    }

    /// <summary>
    /// An agent's loop: the model calls a function, the client runs it and resends the whole input with the call and its
    /// output; the upstream sees a chat tool exchange and the capture keeps one llm conversation with tool parts.
    /// </summary>
    [Fact]
    public async Task Function_call_round_trip_is_one_conversation_with_tool_parts()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_abc", "get_weather", """{"city":"Paris"}""")] }, new FakeReply { Content = "It is sunny." });
        const string tools = """[{"type":"function","name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}]""";
        var (_, first) = await h.Http.ResponsesJsonAsync($$"""{"model":"fake-chat","input":[{"role":"user","content":"Weather in Paris?"}],"tools":{{tools}}}""");

        var call = first.GetProperty("output").EnumerateArray().Should().ContainSingle().Subject;
        call.GetProperty("type").GetString().Should().Be("function_call");
        call.GetProperty("call_id").GetString().Should().Be("call_abc");
        call.GetProperty("name").GetString().Should().Be("get_weather");
        call.GetProperty("arguments").GetString().Should().Be("""{"city":"Paris"}""");
        var sentTools = h.Upstream.Last.Json.GetProperty("tools")[0];
        sentTools.GetProperty("type").GetString().Should().Be("function");
        sentTools.GetProperty("function").GetProperty("name").GetString().Should().Be("get_weather");
        sentTools.GetProperty("function").GetProperty("strict").GetBoolean().Should().BeTrue();

        var (status, second) = await h.Http.ResponsesJsonAsync($$"""
            {"model":"fake-chat","tools":{{tools}},"input":[
              {"role":"user","content":"Weather in Paris?"},
              {{call.GetRawText()}},
              {"type":"function_call_output","call_id":"call_abc","output":"sunny, 24C"}]}
            """);
        status.Should().Be(200);
        second.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString().Should().Be("It is sunny.");
        var messages = h.Upstream.Last.Json.GetProperty("messages");
        messages[1].GetProperty("role").GetString().Should().Be("assistant");
        messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString().Should().Be("call_abc");
        messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString().Should().Be("""{"city":"Paris"}""");
        messages[2].GetProperty("role").GetString().Should().Be("tool");
        messages[2].GetProperty("tool_call_id").GetString().Should().Be("call_abc");
        messages[2].GetProperty("content").GetString().Should().Be("sunny, 24C");

        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(DISTINCT thread_id) FROM turns").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM turns").Should().Be(2L);
        Db.Rows(h.DatabasePath, "SELECT type, tool_name FROM parts WHERE type IN ('tool_call', 'tool_result') ORDER BY type")
            .Select(r => $"{r["type"]}:{r["tool_name"]}").Should().Equal("tool_call:get_weather", "tool_result:get_weather");
    }

    /// <summary>previous_response_id: the earlier exchange is read back from the capture and prepended, in the same llm thread.</summary>
    [Fact]
    public async Task Previous_response_id_continues_the_captured_conversation()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(new FakeReply { Content = "Percy." }, new FakeReply { Content = "Wallace." });
        var (_, first) = await h.Http.ResponsesJsonAsync("""{"model":"fake-chat","instructions":"Name pets.","input":"A pelican?"}""");
        var id = first.GetProperty("id").GetString();

        var (status, second) = await h.Http.ResponsesJsonAsync($$"""{"model":"fake-chat","input":"And a walrus?","previous_response_id":"{{id}}"}""");

        status.Should().Be(200);
        second.GetProperty("previous_response_id").GetString().Should().Be(id);
        var messages = h.Upstream.Last.Json.GetProperty("messages").EnumerateArray().Select(m => $"{m.GetProperty("role")}:{m.GetProperty("content")}");
        messages.Should().Equal("system:Name pets.", "user:A pelican?", "assistant:Percy.", "user:And a walrus?");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(DISTINCT thread_id) FROM turns").Should().Be(1L);

        using var get = await h.Http.GetAsync($"/v1/responses/{id}");
        get.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var captured = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        captured.GetProperty("id").GetString().Should().Be(id);
        captured.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString().Should().Be("Percy.");
    }

    /// <summary>Ids the capture never saw are 404s in OpenAI's shape; with capture off previous_response_id is a 400 that says why.</summary>
    [Fact]
    public async Task Unknown_previous_response_is_404_and_without_capture_400()
    {
        await using (var h = await GatewayHarness.StartAsync())
        {
            var (status, body) = await h.Http.ResponsesJsonAsync("""{"model":"fake-chat","input":"x","previous_response_id":"resp_missing"}""");
            status.Should().Be(404);
            body.GetProperty("error").GetProperty("param").GetString().Should().Be("previous_response_id");
            body.GetProperty("error").GetProperty("code").GetString().Should().Be("previous_response_not_found");
            using var get = await h.Http.GetAsync("/v1/responses/resp_missing");
            ((int)get.StatusCode).Should().Be(404);
        }
        await using (var off = await GatewayHarness.StartAsync(noLog: true))
        {
            var (status, body) = await off.Http.ResponsesJsonAsync("""{"model":"fake-chat","input":"x","previous_response_id":"resp_any"}""");
            status.Should().Be(400);
            body.GetProperty("error").GetProperty("message").GetString().Should().Contain("capture is off");
        }
    }

    /// <summary>A stream cut by the upstream ends with response.failed and never a made-up response.completed.</summary>
    [Fact]
    public async Task Stream_failing_midway_ends_with_response_failed()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "one two three four", CutAfterChunks = 3, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        using var response = await h.Http.PostResponsesAsync("""{"model":"fake-chat","input":"Count","stream":true}""");
        var events = ResponsesHttp.Events(await response.Content.ReadAsStringAsync());

        events.Should().NotContain(e => e.Name == "response.completed");
        var failed = events.Last();
        failed.Name.Should().Be("response.failed");
        failed.Data.GetProperty("response").GetProperty("status").GetString().Should().Be("failed");
        failed.Data.GetProperty("response").GetProperty("error").GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        await h.FlushAsync();
        Db.Rows(h.DatabasePath, "SELECT front_door, outcome FROM prompt_capture_failures").Should().ContainSingle()
            .Which["front_door"].Should().Be("responses");
    }

    /// <summary>Bad requests are 400s naming the field; unknown models 404; nothing reaches the upstream.</summary>
    [Theory]
    [InlineData("""{"model":"fake-chat"}""", 400, "input")]
    [InlineData("""{"model":"fake-chat","input":42}""", 400, "input")]
    [InlineData("""{"model":"fake-chat","input":[{"type":"computer_call_output","call_id":"c"}]}""", 400, "input[0].type")]
    [InlineData("""{"model":"fake-chat","input":"x","tools":[{"type":"local_shell"}]}""", 400, "tools[0].type")]
    [InlineData("""{"model":"fake-chat","input":[{"role":"robot","content":"x"}]}""", 400, "input[0].role")]
    [InlineData("""{"model":"fake-chat","input":"x","text":{"format":{"type":"xml"}}}""", 400, "text.format.type")]
    [InlineData("""{"model":"fake-chat","input":"x","conversation":"conv_1"}""", 400, "conversation")]
    [InlineData("""{"model":"nope","input":"x"}""", 404, "model")]
    [InlineData("""{"model":"fake-chat","input":[{"role":"user","content":[{"type":"input_text","text":"a\ud800b"}]}]}""", 400, "input[0].content[0].text")]
    [InlineData("""{"model":"fake-chat","input":"x","temperature":3.5e38}""", 400, "temperature")]
    [InlineData("""{"model":"fake-chat","input":"x",""", 400, null)]
    public async Task Bad_requests_get_clear_errors(string body, int expectedStatus, string? param)
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, error) = await h.Http.ResponsesJsonAsync(body);
        status.Should().Be(expectedStatus);
        var e = error.GetProperty("error");
        e.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        if (param is not null)
            e.GetProperty("param").GetString().Should().Be(param);
        h.Upstream.Requests.Should().BeEmpty();
    }
}
