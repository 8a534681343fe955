using System.Net;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Tests.Capture;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Viewer;

/// <summary>The viewer's routes and JSON over plain HTTP, against captures made through a real gateway.</summary>
public sealed class ViewerApiTests
{
    /// <summary>Ollama clients probe / for liveness; only a browser asking for HTML gets the page, with its security headers.</summary>
    [Fact]
    public async Task Root_answers_api_clients_in_plain_text_and_browsers_with_the_page()
    {
        await using var gateway = await GatewayHarness.StartAsync();

        var plain = await gateway.Http.GetAsync("/");
        var head = await gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        pageRequest.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        var page = await gateway.Http.SendAsync(pageRequest);

        plain.StatusCode.Should().Be(HttpStatusCode.OK);
        (await plain.Content.ReadAsStringAsync()).Should().Be("Ollama is running");
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("/_viewer/js/app.js").And.NotContain("<script>");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.NotContain("unsafe-inline");
        page.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        page.Headers.GetValues("Referrer-Policy").Single().Should().Be("no-referrer");
    }

    /// <summary>A continued conversation is one row with two turns, listed by its latest turn; the cursor pages on.</summary>
    [Fact]
    public async Task Conversations_are_listed_newest_first_with_their_totals_and_client_and_page_by_cursor()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatAsync(ViewerRequests.Body("echo", "alpha question"), "tool-one/1.0");
        await gateway.ChatAsync("""{"model":"echo","messages":[{"role":"user","content":"alpha question"},{"role":"assistant","content":"alpha question"},{"role":"user","content":"beta follow-up"}]}""", "tool-one/1.0");
        await gateway.ChatAsync(ViewerRequests.Body("fake-chat", "gamma elsewhere"), "tool-two/2.0");
        await gateway.FlushAsync();

        var first = await gateway.ViewerJsonAsync("/_viewer/api/conversations?limit=1");
        var second = await gateway.ViewerJsonAsync("/_viewer/api/conversations?limit=1&before=" + first.GetProperty("next").GetString());
        var all = await gateway.ViewerJsonAsync("/_viewer/api/conversations");

        var newest = first.GetProperty("items")[0];
        newest.GetProperty("first_prompt").GetString().Should().Be("gamma elsewhere");
        newest.GetProperty("model").GetString().Should().Be("fake-chat");
        newest.GetProperty("resolved_model").GetString().Should().Be("fake-model-2026-01-01");
        newest.GetProperty("user_agent").GetString().Should().Be("tool-two/2.0");
        newest.GetProperty("front_door").GetString().Should().Be("chat");
        newest.GetProperty("input_tokens").GetInt64().Should().Be(11);
        var older = second.GetProperty("items")[0];
        older.GetProperty("first_prompt").GetString().Should().Be("alpha question");
        older.GetProperty("turns").GetInt64().Should().Be(2);
        older.GetProperty("user_agent").GetString().Should().Be("tool-one/1.0");
        all.GetProperty("items").GetArrayLength().Should().Be(2);
        all.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
    }

    /// <summary>The database is llm's own: turns llm wrote (no request row of ours) are listed and open like ours.</summary>
    [Fact]
    public async Task Turns_written_by_llm_itself_are_shown_with_front_door_llm()
    {
        await using var gateway = await GatewayHarness.StartAsync(beforeStart: path => File.Copy(ReferenceFiles.Database, path));

        var list = await gateway.ViewerJsonAsync("/_viewer/api/conversations");
        var items = list.GetProperty("items");
        var toolThread = items.EnumerateArray().Single(i => i.GetProperty("first_prompt").GetString() == "What is 2 + 3?");
        var detail = await gateway.ViewerJsonAsync("/_viewer/api/conversations/" + toolThread.GetProperty("thread_id").GetString());

        items.GetArrayLength().Should().Be(5);
        items.Strings("front_door").Should().AllBe("llm");
        items.EnumerateArray().Select(i => i.GetProperty("user_agent").ValueKind).Should().AllBeEquivalentTo(JsonValueKind.Null);
        items[0].GetProperty("first_prompt").GetString().Should().Be("Read this file");
        var parts = detail.GetProperty("turns").EnumerateArray()
            .SelectMany(t => t.GetProperty("input").EnumerateArray().Concat(t.GetProperty("output").EnumerateArray()))
            .SelectMany(m => m.GetProperty("parts").EnumerateArray()).ToList();
        parts.Select(p => p.GetProperty("type").GetString()).Should().Contain(["tool_call", "tool_result"]);
        parts.Single(p => p.GetProperty("type").GetString() == "tool_call").GetProperty("payload").GetProperty("arguments").GetProperty("a").GetInt32().Should().Be(2);
    }

    /// <summary>Once our requests table has front_door and session_id (newer writers), the viewer shows the stored values.</summary>
    [Fact]
    public async Task A_stored_front_door_and_session_are_shown_when_the_columns_exist()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatSimpleAsync("echo", "through another door");
        await gateway.FlushAsync();
        foreach (var column in new[] { "front_door", "session_id" })
        {
            if (Db.Rows(gateway.DatabasePath, $"SELECT 1 FROM pragma_table_info('{CaptureTables.Prefix}requests') WHERE name = '{column}'").Count == 0)
                Db.Rows(gateway.DatabasePath, $"ALTER TABLE {CaptureTables.Prefix}requests ADD COLUMN {column} TEXT");
        }
        Db.Rows(gateway.DatabasePath, $"UPDATE {CaptureTables.Prefix}requests SET front_door = 'ollama', session_id = 'session-42'");

        var row = (await gateway.ViewerJsonAsync("/_viewer/api/conversations")).GetProperty("items")[0];
        var detail = await gateway.ViewerJsonAsync("/_viewer/api/conversations/" + row.GetProperty("thread_id").GetString());

        row.GetProperty("front_door").GetString().Should().Be("ollama");
        detail.GetProperty("turns")[0].GetProperty("request").GetProperty("session_id").GetString().Should().Be("session-42");
    }

    /// <summary>A stored attachment that is not a raster image (here llm's text/plain one) is only ever a download.</summary>
    [Fact]
    public async Task Attachments_other_than_images_are_sent_as_downloads_that_cannot_run()
    {
        await using var gateway = await GatewayHarness.StartAsync(beforeStart: path => File.Copy(ReferenceFiles.Database, path));
        var id = Db.Scalar(gateway.DatabasePath, "SELECT id FROM attachments") as string;

        var response = await gateway.Http.GetAsync("/_viewer/api/attachments/" + id);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/octet-stream");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("sandbox");
        (await response.Content.ReadAsStringAsync()).Should().Be("hello world");
    }

    /// <summary>Search is llm's FTS5 matching; the snippet marks the hit for the page to highlight; bad syntax is a 400.</summary>
    [Fact]
    public async Task Search_narrows_to_matching_conversations_and_marks_the_hit()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatSimpleAsync("echo", "a pelican on the beach");
        await gateway.ChatSimpleAsync("echo", "a walrus in the sea");
        await gateway.FlushAsync();

        var found = await gateway.ViewerJsonAsync("/_viewer/api/conversations?q=pelican");
        var bad = await gateway.Http.GetAsync("/_viewer/api/conversations?q=%22unbalanced");

        var items = found.GetProperty("items");
        items.GetArrayLength().Should().Be(1);
        items[0].GetProperty("first_prompt").GetString().Should().Be("a pelican on the beach");
        items[0].GetProperty("snippet").GetString().Should().Contain("\u0002pelican\u0003");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).Should().Contain("invalid_search");
    }

    /// <summary>Search pages by cursor, each conversation once at its newest match even when several of its turns match.</summary>
    [Fact]
    public async Task Search_pages_list_each_matching_conversation_once()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatSimpleAsync("echo", "first otter");
        await gateway.ChatAsync("""{"model":"echo","messages":[{"role":"user","content":"first otter"},{"role":"assistant","content":"first otter"},{"role":"user","content":"more otter"}]}""");
        await gateway.ChatSimpleAsync("echo", "second otter");
        await gateway.FlushAsync();

        var one = await gateway.ViewerJsonAsync("/_viewer/api/conversations?q=otter&limit=1");
        var two = await gateway.ViewerJsonAsync("/_viewer/api/conversations?q=otter&limit=1&before=" + one.GetProperty("next").GetString());
        var three = await gateway.ViewerJsonAsync("/_viewer/api/conversations?q=otter&limit=1&before=" + two.GetProperty("next").GetString());

        one.GetProperty("items")[0].GetProperty("first_prompt").GetString().Should().Be("second otter");
        two.GetProperty("items")[0].GetProperty("first_prompt").GetString().Should().Be("first otter");
        two.GetProperty("items")[0].GetProperty("turns").GetInt64().Should().Be(2);
        three.GetProperty("items").GetArrayLength().Should().Be(0);
        three.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
    }

    /// <summary>Failed exchanges are not llm turns; they come from our failures table with their error and request.</summary>
    [Fact]
    public async Task Failures_are_listed_apart_with_status_error_and_request()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Upstream.Enqueue(new FakeReply { ErrorStatus = 400, ErrorMessage = "This model refuses odd requests." });
        (await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(ViewerRequests.Body("fake-chat", "an odd request"), System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode.Should().BeFalse();
        await gateway.FlushAsync();

        var list = await gateway.ViewerJsonAsync("/_viewer/api/failures");
        var row = list.GetProperty("items")[0];
        var detail = await gateway.ViewerJsonAsync("/_viewer/api/failures/" + row.GetProperty("id").GetString());
        var conversations = await gateway.ViewerJsonAsync("/_viewer/api/conversations");

        row.GetProperty("http_status").GetInt64().Should().Be(400);
        row.GetProperty("error_message").GetString().Should().Contain("refuses odd requests");
        row.GetProperty("outcome").GetString().Should().Be("failed");
        detail.GetProperty("request_messages").GetRawText().Should().Contain("an odd request");
        conversations.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    /// <summary>Usage sums turns per UTC day per alias, and totals per alias, for the period asked.</summary>
    [Fact]
    public async Task Usage_sums_tokens_per_day_and_per_alias()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatSimpleAsync("fake-chat", "one");
        await gateway.ChatSimpleAsync("fake-chat", "two");
        await gateway.ChatSimpleAsync("echo", "three");
        await gateway.FlushAsync();

        var usage = await gateway.ViewerJsonAsync("/_viewer/api/usage?days=7");

        var fake = usage.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("model").GetString() == "fake-chat");
        fake.GetProperty("turns").GetInt64().Should().Be(2);
        fake.GetProperty("input_tokens").GetInt64().Should().Be(22);
        fake.GetProperty("output_tokens").GetInt64().Should().Be(14);
        usage.GetProperty("days").EnumerateArray().Where(d => d.GetProperty("model").GetString() == "fake-chat")
            .Sum(d => d.GetProperty("turns").GetInt64()).Should().Be(2);
        usage.GetProperty("totals").Strings("model").Should().Contain("echo");
    }

    /// <summary>A file that is not a database (here with capture off, so only the viewer opens it) is a 503 with SQLite's reason.</summary>
    [Fact]
    public async Task An_unreadable_database_is_a_clear_503_not_a_crash()
    {
        await using var gateway = await GatewayHarness.StartAsync(noLog: true, beforeStart: path => File.WriteAllText(path, new string('x', 4096)));

        var response = await gateway.Http.GetAsync("/_viewer/api/conversations");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Contain("database_unavailable").And.Contain("not a database");
    }

    /// <summary>The list walks the index the viewer adds; without it a thread's latest turn would be a scan per row.</summary>
    [Fact]
    public async Task The_capture_schema_has_the_index_the_list_walks()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatSimpleAsync("echo", "hello");
        await gateway.FlushAsync();

        Db.Scalar(gateway.DatabasePath, $"SELECT sql FROM sqlite_master WHERE name = '{CaptureTables.Prefix}turns_thread'")
            .Should().BeOfType<string>().Which.Should().Contain("(\"thread_id\", \"id\")");
    }
}
