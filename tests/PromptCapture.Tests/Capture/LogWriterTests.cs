using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using PromptCapture.Exchange;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>The rows of one turn, column by column, as llm 0.32 writes them.</summary>
public class LogWriterTests
{
    /// <summary>Turn row carries llms column formats.</summary>
    [Fact]
    public void Turn_row_carries_llms_column_formats()
    {
        using var h = new WriterHarness();
        var result = h.Write(Turn([User("Count to three")], Assistant("One, two, three.")) with
        {
            Answer = new ExchangeAnswer
            {
                Text = "One, two, three.",
                Model = "model-2026-08-01",
                Usage = new ExchangeUsage(12, 5, 17, CachedTokens: 4),
                RawJson = () => """{"id":"resp_123","object":"response","output_text":"One, two, three.","usage":{"input_tokens":12}}""",
            },
        });

        var row = h.Rows("SELECT id, model, resolved_model, options_json, input_tokens, output_tokens, token_details, duration_ms, datetime_utc, (SELECT response_json FROM prompt_capture_responses WHERE turn_id = turns.id), schema_id, response_json FROM turns")[0];
        ((string)row[0]!).Should().MatchRegex("^[0-9a-hjkmnp-tv-z]{26}$").And.Be(result.Id);
        row[1].Should().Be("test-model");
        row[2].Should().Be("model-2026-08-01");
        row[3].Should().BeNull("no options were set");
        row[4].Should().Be(12L);
        row[5].Should().Be(5L);
        row[6].Should().Be("""{"cached_tokens": 4}""");
        row[7].Should().Be(12L);
        row[8].Should().Be("2026-11-25T15:27:20.337162+00:00");
        row[9].Should().Be("""{"id": "resp_123", "object": "response", "output_text": "One, two, three.", "usage": {"input_tokens": 12}}""");
        row[10].Should().BeNull();
        row[11].Should().BeNull("the payload lives in prompt_capture_responses, so llm logs never looks the model up");
        h.Scalar("SELECT typeof(input_tokens) || typeof(duration_ms) FROM turns").Should().Be("integerinteger");
        ((string)h.Scalar("SELECT datetime_utc FROM threads")!).Should().MatchRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$");
    }

    /// <summary>Options json is python dumps of the set options.</summary>
    [Fact]
    public void Options_json_is_python_dumps_of_the_set_options()
    {
        using var h = new WriterHarness();
        h.Write(Turn([User("a")], Assistant("b"),
            options: [new("temperature", Json("0.5")), new("seed", Json("null")), new("stop", Json("""["é", "x"]""")), new("max_tokens", Json("100"))]));
        h.Scalar("SELECT options_json FROM turns").Should().Be("""{"temperature": 0.5, "stop": ["\u00e9", "x"], "max_tokens": 100}""");
    }

    /// <summary>Microseconds are omitted when zero like python isoformat.</summary>
    [Fact]
    public void Microseconds_are_omitted_when_zero_like_python_isoformat()
    {
        using var h = new WriterHarness();
        h.Write(Turn([User("a")], Assistant("b"), startedUtc: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        h.Scalar("SELECT datetime_utc FROM turns").Should().Be("2026-01-02T03:04:05+00:00");
    }

    /// <summary>Tool round trip stores llm part payloads tools and turn tools.</summary>
    [Fact]
    public void Tool_round_trip_stores_llm_part_payloads_tools_and_turn_tools()
    {
        using var h = new WriterHarness();
        var request = new List<ExchangeMessage> { User("Weather in Paris?") };
        var t1 = h.Write(Turn(request, ToolCall("get_weather", """{"city":"Paris"}""", "call_1"), tools: [WeatherTool]));
        var t2 = h.Write(Turn([.. request, ToolCall("get_weather", """{"city":"Paris"}""", "call_1"), ToolResult("call_1", "sunny")],
            Assistant("Sunny."), tools: [WeatherTool]));

        var call = h.Rows("SELECT tool_name, text, payload FROM parts WHERE type = 'tool_call'").Should().ContainSingle().Subject;
        call[0].Should().Be("get_weather");
        call[1].Should().BeNull();
        call[2].Should().Be("""{"name": "get_weather", "arguments": {"city": "Paris"}, "tool_call_id": "call_1"}""");
        var result = h.Rows("SELECT tool_name, payload FROM parts WHERE type = 'tool_result'").Should().ContainSingle().Subject;
        result[0].Should().Be("get_weather", "the name comes from the matching tool call");
        result[1].Should().Be("""{"name": "get_weather", "output": "sunny", "tool_call_id": "call_1"}""");

        var tool = h.Rows("SELECT id, hash, name, description, input_schema, plugin FROM tools").Should().ContainSingle().Subject;
        tool[2].Should().Be("get_weather");
        tool[3].Should().Be("Weather for a city.");
        tool[4].Should().Be("""{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}""");
        tool[5].Should().BeNull();
        tool[1].Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            """{"name": "get_weather", "description": "Weather for a city.", "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}"""))));
        h.Rows("SELECT turn_id, tool_id, instance_id FROM turn_tools ORDER BY turn_id").Select(r => $"{r[0]}|{r[1]}|{r[2]}")
            .Should().Equal($"{t1.Id}|{tool[0]}|", $"{t2.Id}|{tool[0]}|");

        // turn_search: the tool-call turn has a prompt and no response, the result turn the reverse (as in reference.db).
        h.Rows("SELECT prompt, response FROM turn_search ORDER BY id").Select(r => $"{r[0]}|{r[1]}")
            .Should().Equal("Weather in Paris?|", "|Sunny.");
    }

    /// <summary>Arguments that are not json are kept as the raw string.</summary>
    [Fact]
    public void Arguments_that_are_not_json_are_kept_as_the_raw_string()
    {
        using var h = new WriterHarness();
        h.Write(Turn([User("x")], ToolCall("f", "not json", "c1")));
        h.Write(Turn([User("y")], ToolCall("g", "", "c2")));
        h.Rows("SELECT payload FROM parts WHERE type = 'tool_call' ORDER BY id").Select(r => r[0]).Should().Equal(
            """{"name": "f", "arguments": "not json", "tool_call_id": "c1"}""",
            """{"name": "g", "arguments": {}, "tool_call_id": "c2"}""");
    }

    /// <summary>Image data url and http url become attachments.</summary>
    [Fact]
    public void Image_data_url_and_http_url_become_attachments()
    {
        using var h = new WriterHarness();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        var message = new ExchangeMessage("user",
        [
            new ExchangePart(ExchangePartKind.Text, "Compare these"),
            new ExchangePart(ExchangePartKind.Attachment, MimeType: "image/png", Content: png),
            new ExchangePart(ExchangePartKind.Attachment, MimeType: "image/jpeg", Url: "https://example.com/cat.jpg"),
        ]);
        h.Write(Turn([message], Assistant("Both are cats.")));

        var pngId = Convert.ToHexStringLower(SHA256.HashData(png));
        var urlId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("""{"url": "https://example.com/cat.jpg"}""")));
        var rows = h.Rows("SELECT id, type, path, url, content FROM attachments ORDER BY type DESC");
        rows.Should().HaveCount(2);
        rows[0][0].Should().Be(pngId);
        rows[0][1].Should().Be("image/png");
        rows[0][3].Should().BeNull();
        ((byte[])rows[0][4]!).Should().Equal(png);
        rows[1][0].Should().Be(urlId);
        rows[1][3].Should().Be("https://example.com/cat.jpg");
        rows[1][4].Should().BeNull();
        h.Rows("SELECT p.position, p.payload, pa.attachment_id, pa.\"order\" FROM parts p JOIN part_attachments pa ON pa.part_id = p.id ORDER BY p.position")
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3]}").Should().Equal(
                $$$"""1|{"attachment": {"id": "{{{pngId}}}"}}|{{{pngId}}}|0""",
                $$$"""2|{"attachment": {"id": "{{{urlId}}}"}}|{{{urlId}}}|0""");
        h.Scalar("SELECT prompt FROM turn_search").Should().Be("Compare these");
    }

    /// <summary>Schema row uses compact json and its blake2b id.</summary>
    [Fact]
    public void Schema_row_uses_compact_json_and_its_blake2b_id()
    {
        using var h = new WriterHarness();
        h.Write(Turn([User("a")], Assistant("{}"), schema: Json("""{"type": "object", "properties": {"name": {"type": "string"}}}""")));
        var content = """{"type":"object","properties":{"name":{"type":"string"}}}""";
        h.Rows("SELECT id, content FROM schemas").Should().ContainSingle().Which.Should().Equal(Blake2b.Hash128Hex(content), content);
        h.Scalar("SELECT schema_id FROM turns").Should().Be(Blake2b.Hash128Hex(content));
    }

    /// <summary>Turn search feeds the fts index.</summary>
    [Fact]
    public void Turn_search_feeds_the_fts_index()
    {
        using var h = new WriterHarness();
        var result = h.Write(Turn([User("Tell me about pelicans")], Reasoned("hidden thoughts", "Pelicans are large water birds.")));
        h.Scalar("SELECT turn_search.turn_id FROM turn_search_fts JOIN turn_search ON turn_search.id = turn_search_fts.rowid WHERE turn_search_fts MATCH 'birds'")
            .Should().Be(result.Id);
        h.Scalar("SELECT count(*) FROM turn_search_fts WHERE turn_search_fts MATCH 'pelicans'").Should().Be(1L);
        h.Scalar("SELECT count(*) FROM turn_search_fts WHERE turn_search_fts MATCH 'hidden'").Should().Be(0L, "reasoning is not searchable text");
    }

    /// <summary>Request row records the client.</summary>
    [Fact]
    public void Request_row_records_the_client()
    {
        using var h = new WriterHarness();
        var result = h.Write(Turn([User("a")], Assistant("b"), client: new ExchangeClient("chat", "curl/8", "10.0.0.1", true, "chatcmpl-1")));
        h.Rows("SELECT turn_id, user_agent, remote_address, stream, http_status, request_id, provider, upstream_model FROM prompt_capture_requests")
            .Should().ContainSingle().Which.Should().Equal(result.Id, "curl/8", "10.0.0.1", 1L, 200L, "chatcmpl-1", "fake", "fake-test-model");
    }

    /// <summary>Failures go only to our failures table.</summary>
    [Fact]
    public void Failures_go_only_to_our_failures_table()
    {
        using var h = new WriterHarness();
        var failed = h.Write(Turn([User("Write a poem")], Reasoned("thinking", "Roses are"), client: new ExchangeClient("chat", "sdk", "::1", true, "chatcmpl-9")) with
        {
            Outcome = CaptureOutcome.Failed,
            ErrorType = "upstream_error",
            ErrorMessage = "connection reset",
            HttpStatus = 502,
        });
        var cancelled = h.Write(Turn([User("Another")], null) with { Outcome = CaptureOutcome.Cancelled, ErrorType = "cancelled" });

        failed.IsTurn.Should().BeFalse();
        foreach (var table in new[] { "turns", "threads", "messages", "parts", "turn_search", "prompt_capture_requests" })
            h.Scalar($"SELECT count(*) FROM {table}").Should().Be(0L, table);
        var row = h.Rows("SELECT id, outcome, http_status, error_type, error_message, partial_response, partial_reasoning, request_messages_json, stream FROM prompt_capture_failures WHERE id = $id", ("$id", failed.Id))[0];
        row[1].Should().Be("failed");
        row[2].Should().Be(502L);
        row[3].Should().Be("upstream_error");
        row[4].Should().Be("connection reset");
        row[5].Should().Be("Roses are");
        row[6].Should().Be("thinking");
        row[7].Should().Be("""[{"role": "user", "parts": [{"type": "text", "text": "Write a poem"}]}]""");
        row[8].Should().Be(1L);
        h.Scalar("SELECT outcome FROM prompt_capture_failures WHERE id = $id", ("$id", cancelled.Id)).Should().Be("cancelled");
    }
}
