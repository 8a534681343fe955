using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>POST /v1/messages/count_tokens (tokenizer estimate) and GET /v1/models in Anthropic's shape.</summary>
public class CountTokensAndModelsTests
{
    /// <summary>The count grows with the text and the tools, is never sent upstream, and is never captured.</summary>
    [Fact]
    public async Task Count_tokens_estimates_from_the_request_content()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, small) = await h.Http.MessagesJsonAsync("""{"model":"fake-chat","messages":[{"role":"user","content":"Hello"}]}""", "/v1/messages/count_tokens");
        var words = string.Join(" ", Enumerable.Repeat("pelican", 200));
        var (_, large) = await h.Http.MessagesJsonAsync("""
            {"model":"fake-chat","system":"You are a careful assistant.","messages":[{"role":"user","content":"WORDS"}],
             "tools":[{"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """.Replace("WORDS", words), "/v1/messages/count_tokens");

        status.Should().Be(200, small.ToString());
        var few = small.GetProperty("input_tokens").GetInt64();
        var many = large.GetProperty("input_tokens").GetInt64();
        few.Should().BeInRange(2, 10);
        many.Should().BeGreaterThan(200);
        small.EnumerateObject().Select(p => p.Name).Should().Equal("input_tokens");
        h.Upstream.Requests.Should().BeEmpty();
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM turns").Should().Be(0L);
    }

    /// <summary>count_tokens for an unknown alias is a 404 not_found_error naming it.</summary>
    [Fact]
    public async Task Count_tokens_for_an_unknown_model_is_not_found()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.MessagesJsonAsync("""{"model":"ghost","messages":[{"role":"user","content":"Hello"}]}""", "/v1/messages/count_tokens");

        status.Should().Be(404);
        MessagesHttp.Error(body).Message.Should().Contain("ghost");
    }

    /// <summary>With anthropic-version, the models list has Anthropic's keys; without it, OpenAI's.</summary>
    [Fact]
    public async Task Models_list_takes_anthropics_shape_when_anthropic_version_is_sent()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var anthropic = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        anthropic.Headers.Add("anthropic-version", "2023-06-01");
        var list = JsonDocument.Parse(await (await h.Http.SendAsync(anthropic)).Content.ReadAsStringAsync()).RootElement;
        var openAi = JsonDocument.Parse(await h.Http.GetStringAsync("/v1/models")).RootElement;

        list.GetProperty("has_more").GetBoolean().Should().BeFalse();
        var data = list.GetProperty("data");
        list.GetProperty("first_id").GetString().Should().Be(data[0].GetProperty("id").GetString());
        list.GetProperty("last_id").GetString().Should().Be(data[data.GetArrayLength() - 1].GetProperty("id").GetString());
        var chat = data.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "fake-chat");
        chat.GetProperty("type").GetString().Should().Be("model");
        chat.GetProperty("display_name").GetString().Should().Contain("fake-chat");
        DateTimeOffset.Parse(chat.GetProperty("created_at").GetString()!).Should().BeAfter(DateTimeOffset.UnixEpoch);
        openAi.GetProperty("object").GetString().Should().Be("list");
        openAi.GetProperty("data")[0].GetProperty("object").GetString().Should().Be("model");

        using var one = new HttpRequestMessage(HttpMethod.Get, "/v1/models/ghost");
        one.Headers.Add("anthropic-version", "2023-06-01");
        var missing = await h.Http.SendAsync(one);
        ((int)missing.StatusCode).Should().Be(404);
        MessagesHttp.Error(JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement).Type.Should().Be("not_found_error");
    }
}
