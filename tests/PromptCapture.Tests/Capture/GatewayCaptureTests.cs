using System.Net;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>End to end: real clients through the real gateway to the fake upstream, then the capture database read back.</summary>
public sealed class GatewayCaptureTests
{
    /// <summary>A 3-turn chat resent in full each time (as OpenAI clients do) lands as 3 turns of one llm thread.</summary>
    [Fact]
    public async Task Three_turn_chat_shares_one_thread()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(
            new FakeReply { Content = "Percy.", PromptTokens = 10, CompletionTokens = 2 },
            new FakeReply { Content = "Wallace.", PromptTokens = 20, CompletionTokens = 3 },
            new FakeReply { Content = "Both are fine.", PromptTokens = 30, CompletionTokens = 4 });

        var history = new List<string> { """{"role":"system","content":"Be brief."}""", """{"role":"user","content":"Name a pelican"}""" };
        (await h.Http.PostChatAsync(Body(history))).StatusCode.Should().Be(HttpStatusCode.OK);
        history.Add("""{"role":"assistant","content":"Percy."}""");
        history.Add("""{"role":"user","content":"Now a walrus"}""");
        (await h.Http.PostChatAsync(Body(history, stream: true))).StatusCode.Should().Be(HttpStatusCode.OK);
        history.Add("""{"role":"assistant","content":"Wallace."}""");
        history.Add("""{"role":"user","content":"Which is better?"}""");
        (await h.Http.PostChatAsync(Body(history))).StatusCode.Should().Be(HttpStatusCode.OK);
        await h.FlushAsync();

        var turns = Db.Rows(h.DatabasePath, "select * from turns order by id");
        turns.Should().HaveCount(3);
        turns.Select(t => t["thread_id"]).Distinct().Should().ContainSingle();
        turns.Select(t => t["model"]).Should().OnlyContain(m => (string)m! == "fake-chat");
        turns.Select(t => t["resolved_model"]).Should().OnlyContain(m => (string)m! == "fake-model-2026-01-01");
        turns.Select(t => (long)t["input_tokens"]!).Should().Equal(10, 20, 30);
        turns.Select(t => (long)t["output_tokens"]!).Should().Equal(2, 3, 4);
        turns.Should().OnlyContain(t => t["options_json"] == null);
        turns.Should().OnlyContain(t => t["response_json"] == null, "llm logs would look up the unknown model of every turn with a payload");
        ((string)Db.Scalar(h.DatabasePath, $"select response_json from prompt_capture_responses where turn_id = '{turns[0]["id"]}'")!)
            .Should().Contain("Percy.").And.Contain("fake-model-2026-01-01");
        // Each turn's parent is the previous turn's tip's grandchild: the chain is continuous.
        var thread = Db.Rows(h.DatabasePath, "select * from threads").Single();
        thread["name"].Should().Be("Name a pelican");
        thread["tip_message_hash"].Should().Be(turns[2]["tip_message_hash"]);
        Db.Scalar(h.DatabasePath, "select count(*) from messages").Should().Be(7L);
        Db.Scalar(h.DatabasePath, "select count(*) from messages where role = 'system'").Should().Be(1L);
        Db.Rows(h.DatabasePath, "select text from parts join messages on parts.message_hash = messages.hash where role = 'assistant' order by parts.id")
            .Select(r => r["text"]).Should().Equal("Percy.", "Wallace.", "Both are fine.");
        var search = Db.Rows(h.DatabasePath, "select turn_id from turn_search_fts join turn_search on turn_search.id = turn_search_fts.rowid where turn_search_fts match 'walrus'");
        search.Should().ContainSingle().Which["turn_id"].Should().Be(turns[1]["id"]);
        var clients = Db.Rows(h.DatabasePath, "select * from prompt_capture_requests order by turn_id");
        clients.Select(c => (long)c["stream"]!).Should().Equal(0, 1, 0);
        clients.Should().OnlyContain(c => (long)c["http_status"]! == 200 && (string)c["provider"]! == "fake" && (string)c["upstream_model"]! == "upstream-chat-model");
    }

    /// <summary>An edited history (the second question rewritten after a full exchange) starts a new thread forked from the first.</summary>
    [Fact]
    public async Task Edited_history_forks_a_new_thread()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "Percy." };

        await h.Http.PostChatAsync(Body(["""{"role":"user","content":"Name a pelican"}"""]));
        await h.Http.PostChatAsync(Body(["""{"role":"user","content":"Name a pelican"}""", """{"role":"assistant","content":"Percy."}""", """{"role":"user","content":"Another"}"""]));
        await h.Http.PostChatAsync(Body(["""{"role":"user","content":"Name a pelican"}""", """{"role":"assistant","content":"Percy."}""", """{"role":"user","content":"Another, edited"}"""]));
        await h.FlushAsync();

        var threads = Db.Rows(h.DatabasePath, "select * from threads order by id");
        threads.Should().HaveCount(2);
        threads[1]["forked_from"].Should().Be(threads[0]["id"]);
        var turns = Db.Rows(h.DatabasePath, "select thread_id from turns order by id").Select(t => t["thread_id"]).ToList();
        turns.Should().Equal(threads[0]["id"], threads[0]["id"], threads[1]["id"]);
    }

    /// <summary>A streamed answer is captured whole, with usage, even though the client got it in pieces.</summary>
    [Fact]
    public async Task Streamed_answer_is_captured_whole()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "one two three four", PromptTokens = 8, CompletionTokens = 4, CachedTokens = 5 };

        var text = await (await h.Http.PostChatAsync(Requests.Simple("fake-chat", "count", stream: true))).Content.ReadAsStringAsync();
        await h.FlushAsync();

        Sse.Events(text).Last().Should().Be("[DONE]");
        var turn = Db.Rows(h.DatabasePath, "select * from turns").Single();
        turn["input_tokens"].Should().Be(8L);
        turn["output_tokens"].Should().Be(4L);
        turn["token_details"].Should().Be("""{"cached_tokens": 5}""");
        Db.Scalar(h.DatabasePath, "select text from parts where type = 'text' and message_hash = (select tip_message_hash from turns)").Should().Be("one two three four");
    }

    /// <summary>A tool round trip: tool definitions in tools/turn_tools, the call and the result as llm parts, one thread.</summary>
    [Fact]
    public async Task Tool_round_trip_is_captured_as_llm_tool_parts()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.Enqueue(
            new FakeReply { Content = "", ToolCalls = [("call_1", "get_weather", """{"city":"Oslo"}""")] },
            new FakeReply { Content = "It is cold in Oslo." });
        const string tools = """[{"type":"function","function":{"name":"get_weather","description":"Weather for a city.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

        var first = JsonDocument.Parse(await (await h.Http.PostChatAsync(
            $$$"""{"model":"fake-chat","tools":{{{tools}}},"messages":[{"role":"user","content":"Weather in Oslo?"}]}""")).Content.ReadAsStringAsync()).RootElement;
        var call = first.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0];
        call.GetProperty("function").GetProperty("arguments").GetString().Should().Be("""{"city":"Oslo"}""");
        first.GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("tool_calls");
        (await h.Http.PostChatAsync($$$"""
            {"model":"fake-chat","tools":{{{tools}}},"messages":[{"role":"user","content":"Weather in Oslo?"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"-5C"}]}
            """)).StatusCode.Should().Be(HttpStatusCode.OK);
        await h.FlushAsync();

        Db.Rows(h.DatabasePath, "select thread_id from turns").Select(t => t["thread_id"]).Distinct().Should().ContainSingle();
        var toolCall = Db.Rows(h.DatabasePath, "select * from parts where type = 'tool_call'").Single();
        toolCall["tool_name"].Should().Be("get_weather");
        toolCall["payload"].Should().Be("""{"name": "get_weather", "arguments": {"city": "Oslo"}, "tool_call_id": "call_1"}""");
        var toolResult = Db.Rows(h.DatabasePath, "select * from parts where type = 'tool_result'").Single();
        toolResult["tool_name"].Should().Be("get_weather");
        toolResult["payload"].Should().Be("""{"name": "get_weather", "output": "-5C", "tool_call_id": "call_1"}""");
        Db.Scalar(h.DatabasePath, "select name from tools").Should().Be("get_weather");
        Db.Scalar(h.DatabasePath, "select count(*) from turn_tools").Should().Be(2L);
        var sentTools = h.Upstream.Requests.First().Json.GetProperty("tools");
        sentTools.GetRawText().Should().Be(JsonDocument.Parse(tools).RootElement.GetRawText());
    }

    /// <summary>An image data URL becomes an llm attachment with its sha256 id and bytes, and reaches the upstream as an image part.</summary>
    [Fact]
    public async Task Image_data_url_is_captured_as_attachment()
    {
        await using var h = await GatewayHarness.StartAsync();
        var png = Convert.ToBase64String("not really a png"u8.ToArray());

        (await h.Http.PostChatAsync($$$"""
            {"model":"fake-chat","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{png}}}"}}]}]}
            """)).StatusCode.Should().Be(HttpStatusCode.OK);
        await h.FlushAsync();

        var attachment = Db.Rows(h.DatabasePath, "select * from attachments").Single();
        attachment["type"].Should().Be("image/png");
        attachment["id"].Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("not really a png"u8.ToArray())));
        ((byte[])attachment["content"]!).Should().Equal("not really a png"u8.ToArray());
        Db.Scalar(h.DatabasePath, "select count(*) from part_attachments").Should().Be(1L);
        var sentContent = h.Upstream.Last.Json.GetProperty("messages")[0].GetProperty("content");
        sentContent[1].GetProperty("type").GetString().Should().Be("image_url");
        sentContent[1].GetProperty("image_url").GetProperty("url").GetString().Should().Be($"data:image/png;base64,{png}");
    }

    /// <summary>A failing upstream is captured in our failures table, never as an llm turn, and without the key.</summary>
    [Fact]
    public async Task Upstream_failure_is_captured_as_failure()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 429, ErrorMessage = "slow down" };

        (await h.Http.PostChatAsync(Requests.Simple("fake-chat", "please"))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        await h.FlushAsync();

        Db.Scalar(h.DatabasePath, "select count(*) from turns").Should().Be(0L);
        var failure = Db.Rows(h.DatabasePath, "select * from prompt_capture_failures").Single();
        failure["outcome"].Should().Be("failed");
        failure["http_status"].Should().Be(429L);
        failure["error_message"].Should().Be("slow down");
        ((string)failure["request_messages_json"]!).Should().Contain("please");
        AllText(h.DatabasePath).Should().NotContain(GatewayHarness.UpstreamKey).And.NotContain("client-side-key");
    }

    /// <summary>A client that disconnects mid-stream: the partial answer is captured as cancelled.</summary>
    [Fact]
    public async Task Client_disconnect_mid_stream_is_captured_as_cancelled()
    {
        await using var h = await GatewayHarness.StartAsync();
        var hold = new TaskCompletionSource();
        h.Upstream.DefaultReply = new FakeReply { Content = "partial answer never finished", HoldAfterFirstChunk = hold.Task };

        using (await h.Http.StreamUntilAsync(Requests.Simple("fake-chat", "go", stream: true), "partial"))
        {
            // The client reads the first words, then leaves.
        }
        await PollAsync(() => (long)Db.Scalar(h.DatabasePath, "select count(*) from prompt_capture_failures")! == 1, h);

        var failure = Db.Rows(h.DatabasePath, "select * from prompt_capture_failures").Single();
        failure["outcome"].Should().Be("cancelled");
        failure["partial_response"].Should().Be("partial ");
        hold.SetResult();
    }

    /// <summary>With the database locked by another writer, requests still succeed at once; rows appear after the lock goes.</summary>
    [Fact]
    public async Task Locked_database_never_blocks_requests()
    {
        await using var h = await GatewayHarness.StartAsync();
        (await h.Http.PostChatAsync(Requests.Simple("fake-chat", "warm up"))).StatusCode.Should().Be(HttpStatusCode.OK);
        await h.FlushAsync();

        using (var locker = new SqliteConnection($"Data Source={h.DatabasePath};Pooling=False"))
        {
            locker.Open();
            using (var begin = locker.CreateCommand()) { begin.CommandText = "BEGIN EXCLUSIVE"; begin.ExecuteNonQuery(); }
            for (var i = 0; i < 5; i++)
                (await h.Http.PostChatAsync(Requests.Simple("fake-chat", $"while locked {i}"))).StatusCode.Should().Be(HttpStatusCode.OK);
            using (var rollback = locker.CreateCommand()) { rollback.CommandText = "ROLLBACK"; rollback.ExecuteNonQuery(); }
        }
        await h.FlushAsync();

        Db.Scalar(h.DatabasePath, "select count(*) from turns").Should().Be(6L);
    }

    /// <summary>--no-log captures nothing and creates no database.</summary>
    [Fact]
    public async Task No_log_captures_nothing()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);

        (await h.Http.PostChatAsync(Requests.Simple("fake-chat"))).StatusCode.Should().Be(HttpStatusCode.OK);

        File.Exists(h.DatabasePath).Should().BeFalse();
    }

    /// <summary>Builds a non-streaming or streaming body from message JSON snippets.</summary>
    private static string Body(IEnumerable<string> messages, bool stream = false) =>
        $$"""{"model":"fake-chat","stream":{{(stream ? "true" : "false")}},"messages":[{{string.Join(",", messages)}}]}""";

    /// <summary>Every text value of every table, to search for leaks.</summary>
    private static string AllText(string path)
    {
        var tables = Db.Rows(path, "select name from sqlite_master where type = 'table'").Select(r => (string)r["name"]!);
        return string.Join("\n", tables.SelectMany(t => Db.Rows(path, $"select * from \"{t}\"")).SelectMany(r => r.Values).OfType<string>());
    }

    /// <summary>Polls a condition until it holds or 10 s pass, flushing the store between tries; a missing table counts as not yet.</summary>
    private static async Task PollAsync(Func<bool> condition, GatewayHarness h)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await h.FlushAsync();
            try
            {
                if (condition()) return;
            }
            catch (SqliteException) when (DateTime.UtcNow < deadline)
            {
                // The database or its tables do not exist yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 10 s");
            await Task.Delay(20);
        }
    }
}
