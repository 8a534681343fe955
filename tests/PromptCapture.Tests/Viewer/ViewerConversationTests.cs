using System.Net;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Viewer;

/// <summary>One conversation opened in full, its image shown safely, and its last request rebuilt as curl and sent again.</summary>
public sealed class ViewerConversationTests
{
    /// <summary>A 1x1 PNG.</summary>
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    /// <summary>A request with a system prompt, an image, tools and options, answered with reasoning and a tool call.</summary>
    private static string RichRequest(string model = "fake-chat") => """
        {"model":"MODEL","temperature":0.25,"max_tokens":300,
         "messages":[{"role":"system","content":"You are a weather bot."},
                     {"role":"user","content":[{"type":"text","text":"What is the weather in this picture?"},
                                               {"type":"image_url","image_url":{"url":"data:image/png;base64,PNG"}}]}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
        """.Replace("MODEL", model, StringComparison.Ordinal).Replace("PNG", Png, StringComparison.Ordinal);

    /// <summary>The detail carries every part type the page renders: system, text, image, reasoning, tool call, options, tools.</summary>
    [Fact]
    public async Task A_conversation_shows_system_prompt_image_reasoning_tool_call_options_and_tools()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Upstream.Enqueue(new FakeReply { Content = "", Reasoning = "The user wants weather.", ToolCalls = [("call_7", "get_weather", "{\"city\":\"Paris\"}")] });
        await gateway.ChatAsync(RichRequest(), "weather-agent/3.1");
        await gateway.FlushAsync();
        var thread = (await gateway.ViewerJsonAsync("/_viewer/api/conversations")).GetProperty("items")[0].GetProperty("thread_id").GetString();

        var detail = await gateway.ViewerJsonAsync("/_viewer/api/conversations/" + thread);

        var turn = detail.GetProperty("turns")[0];
        var input = turn.GetProperty("input");
        input[0].GetProperty("role").GetString().Should().Be("system");
        input[0].GetProperty("parts")[0].GetProperty("text").GetString().Should().Be("You are a weather bot.");
        var attachment = input[1].GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("type").GetString() == "attachment").GetProperty("attachments")[0];
        attachment.GetProperty("type").GetString().Should().Be("image/png");
        var output = turn.GetProperty("output")[0].GetProperty("parts").EnumerateArray().ToList();
        output.Single(p => p.GetProperty("type").GetString() == "reasoning").GetProperty("text").GetString().Should().Be("The user wants weather.");
        var call = output.Single(p => p.GetProperty("type").GetString() == "tool_call");
        call.GetProperty("name").GetString().Should().Be("get_weather");
        call.GetProperty("payload").GetRawText().Should().Contain("Paris").And.Contain("call_7");
        turn.GetProperty("options").GetProperty("temperature").GetDouble().Should().Be(0.25);
        turn.GetProperty("tools")[0].GetProperty("name").GetString().Should().Be("get_weather");
        turn.GetProperty("request").GetProperty("user_agent").GetString().Should().Be("weather-agent/3.1");

        var image = await gateway.Http.GetAsync("/_viewer/api/attachments/" + attachment.GetProperty("id").GetString());
        image.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        image.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        Convert.ToBase64String(await image.Content.ReadAsByteArrayAsync()).Should().Be(Png);
    }

    /// <summary>The rebuilt command's body is a request the gateway accepts again, with the same messages, image, tools and options.</summary>
    [Fact]
    public async Task Copy_as_curl_rebuilds_a_request_the_gateway_accepts_again()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatAsync(RichRequest());
        await gateway.FlushAsync();
        var turn = Db.Scalar(gateway.DatabasePath, "SELECT id FROM turns") as string;

        var command = await gateway.Http.GetStringAsync($"/_viewer/api/turns/{turn}/curl");
        var body = Heredoc(command);
        using var replay = await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        command.Should().StartWith($"curl {gateway.Http.BaseAddress!.ToString().TrimEnd('/')}/v1/chat/completions").And.NotContain("Authorization");
        replay.StatusCode.Should().Be(HttpStatusCode.OK, await replay.Content.ReadAsStringAsync());
        var sent = JsonDocument.Parse(gateway.Upstream.Last.Body).RootElement;
        sent.GetProperty("messages")[0].GetProperty("content").GetString().Should().Be("You are a weather bot.");
        sent.GetProperty("messages")[1].GetRawText().Should().Contain(Png);
        sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString().Should().Be("get_weather");
        sent.GetProperty("temperature").GetDouble().Should().Be(0.25);
    }

    /// <summary>With keys on, the command names the variable the key lives in and never the key.</summary>
    [Fact]
    public async Task Copy_as_curl_never_contains_the_gateway_key()
    {
        const string key = "gateway-key-for-curl-4d1";
        await using var gateway = await GatewayHarness.StartAsync(apiKeys: [key]);
        await gateway.ChatAsync(ViewerRequests.Body("echo", "hello"), key: key);
        await gateway.FlushAsync();
        var turn = Db.Scalar(gateway.DatabasePath, "SELECT id FROM turns") as string;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/_viewer/api/turns/{turn}/curl");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var command = await (await gateway.Http.SendAsync(request)).Content.ReadAsStringAsync();

        command.Should().Contain("Authorization: Bearer $PROMPT_CAPTURE_API_KEY").And.NotContain(key);
    }

    /// <summary>The JSON between the quoted heredoc's markers of a curl command.</summary>
    private static string Heredoc(string command)
    {
        var lines = command.Split('\n');
        var start = Array.FindIndex(lines, l => l.Contains("<<'PROMPTCAPTURE_JSON'", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, start + 1, l => l == "PROMPTCAPTURE_JSON");
        return string.Join('\n', lines[(start + 1)..end]);
    }
}
