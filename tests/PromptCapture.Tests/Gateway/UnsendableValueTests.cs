using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Protocols.Common;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Gateway;

/// <summary>Bodies that parse but hold values that cannot travel on: 400 naming the field, never a 500, and nothing sent upstream.</summary>
public sealed class UnsendableValueTests
{
    /// <summary>Lone surrogate escapes anywhere the gateway keeps raw JSON, and sampling numbers beyond 32-bit floats.</summary>
    [Theory]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"\ud800"}]}""", "messages[0].content", "surrogate")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"ok \udc00 there"}]}""", "messages[0].content", "surrogate")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":[{"type":"text","text":"a\ud83d"}]}]}""", "messages[0].content[0].text", "surrogate")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x","audio":{"id":"\udfff"}}]}""", "messages[0].audio.id", "surrogate")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"stop":["\ud800"]}""", "stop[0]", "surrogate")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","description":"\ud800"}}]}""", "tools[0].function.description", "surrogate")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"metadata":{"k":"\ud800"}}""", "metadata.k", "surrogate")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"temperature":3.5e38}""", "temperature", "0 to 2")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"top_p":-3.5e38}""", "top_p", "0 to 1")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"presence_penalty":1e300}""", "presence_penalty", "-2 to 2")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"frequency_penalty":3.5e38,"stream":true}""", "frequency_penalty", "-2 to 2")]
    public async Task Unsendable_value_is_400_naming_the_field(string body, string param, string hint)
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.GetProperty("param").GetString().Should().Be(param);
        error.GetProperty("message").GetString().Should().Contain(param).And.Contain(hint);
        h.Upstream.Requests.Should().BeEmpty();
    }

    /// <summary>Proper pairs (an emoji written as escapes), an escaped backslash before "u", and values a provider may accept beyond OpenAI's ranges all pass.</summary>
    [Theory]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"smile \ud83d\ude00"}]}""")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"path C:\\ud800"}]}""")]
    [InlineData("""{"model":"fake-chat","messages":[{"role":"user","content":"x"}],"temperature":5,"top_p":1.5}""")]
    public async Task Sendable_values_pass(string body)
    {
        await using var h = await GatewayHarness.StartAsync();

        var response = await h.Http.PostChatAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        h.Upstream.Requests.Should().ContainSingle();
    }

    /// <summary>
    /// A 1 MB header: Kestrel answers 431 itself, before any gateway code runs, so the body stays empty (README says
    /// why); the connection is closed and the gateway keeps serving.
    /// </summary>
    [Fact]
    public async Task Oversized_header_is_431_and_server_keeps_serving()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(Requests.Simple("echo"), Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Huge", new string('a', 1024 * 1024));

        var response = await h.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestHeaderFieldsTooLarge);
        h.Upstream.Requests.Should().BeEmpty();
        (await h.Http.PostChatAsync(Requests.Simple("echo", "still here"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The byte scanner alone, on the raw forms a JSON string can take.</summary>
    [Theory]
    [InlineData(@"""plain""", false)]
    [InlineData(@"""\ud83d\ude00""", false)]
    [InlineData(@"""\\ud800""", false)]
    [InlineData(@"""\n\t\u00e9""", false)]
    [InlineData(@"""\ud800""", true)]
    [InlineData(@"""\uD800x""", true)]
    [InlineData(@"""\ud800\ud800\udc00""", true)]
    [InlineData(@"""\udc00""", true)]
    [InlineData(@"""\\\ud800""", true)]
    public void Lone_surrogate_scanner(string raw, bool lone) =>
        LoneSurrogates.HasLoneSurrogate(Encoding.UTF8.GetBytes(raw)).Should().Be(lone);
}
