using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Gateway;

/// <summary>What real clients send and expect beyond the body: compressed bodies, HEAD probes, request ids, rate-limit headers.</summary>
public class ClientHabitsTests
{
    /// <summary>gzip, br and deflate bodies are decoded, as SDKs with request compression send them.</summary>
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Compressed_request_bodies_are_decoded(string encoding)
    {
        await using var h = await GatewayHarness.StartAsync();
        using var response = await h.Http.SendAsync(Compressed(Requests.Simple("fake-chat", "compressed hello"), encoding));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        h.Upstream.Last.Json.GetProperty("messages")[0].GetProperty("content").GetString().Should().Be("compressed hello");
    }

    /// <summary>A small gzip body that inflates past the body limit is a 413, measured on the decoded size.</summary>
    [Fact]
    public async Task Compressed_bomb_is_413_on_the_decoded_size()
    {
        await using var h = await GatewayHarness.StartAsync(maxBodyBytes: 1024 * 1024);
        var huge = Requests.Simple("fake-chat", new string('a', 8 * 1024 * 1024));
        var request = Compressed(huge, "gzip");
        (await request.Content!.ReadAsByteArrayAsync()).Length.Should().BeLessThan(100 * 1024);
        using var response = await h.Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("request_too_large");
        h.Upstream.Requests.Should().BeEmpty();
    }

    /// <summary>An encoding the gateway cannot decode is a 415 that says so, not a misleading UTF-8 error.</summary>
    [Fact]
    public async Task Unknown_content_encoding_is_415()
    {
        await using var h = await GatewayHarness.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new ByteArrayContent([1, 2, 3]) };
        request.Content.Headers.ContentEncoding.Add("zstd");
        using var response = await h.Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await response.Content.ReadAsStringAsync()).Should().Contain("zstd");
    }

    /// <summary>Uptime checkers probe with HEAD: the health and model routes answer it like GET, without a body.</summary>
    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/v1/models")]
    [InlineData("/v1/models/fake-chat")]
    public async Task Head_requests_answer_like_get(string path)
    {
        await using var h = await GatewayHarness.StartAsync();
        using var response = await h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    /// <summary>The answer carries its id as x-request-id (SDKs report it) and the upstream's rate-limit headers.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answers_carry_request_id_and_upstream_rate_limits(bool stream)
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply
        {
            Headers = new Dictionary<string, string> { ["x-ratelimit-remaining-requests"] = "41", ["x-ratelimit-reset-tokens"] = "6ms", ["x-other"] = "no" },
        };
        using var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat", stream: stream));
        var body = await response.Content.ReadAsStringAsync();

        var id = response.Headers.GetValues("x-request-id").Single();
        id.Should().StartWith("chatcmpl-");
        body.Should().Contain(id);
        response.Headers.GetValues("x-ratelimit-remaining-requests").Should().Equal("41");
        response.Headers.GetValues("x-ratelimit-reset-tokens").Should().Equal("6ms");
        response.Headers.Contains("x-other").Should().BeFalse();
    }

    /// <summary>A 429 passed back to the client keeps the upstream's retry-after, so the client's own backoff works.</summary>
    [Fact]
    public async Task Rate_limit_error_keeps_retry_after()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 429, Headers = new Dictionary<string, string> { ["retry-after"] = "120", ["x-ratelimit-remaining-requests"] = "0" } };
        using var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
        ((int)response.StatusCode).Should().Be(429);
        response.Headers.GetValues("retry-after").Should().Equal("120");
        response.Headers.GetValues("x-ratelimit-remaining-requests").Should().Equal("0");
    }

    /// <summary>A client that logs the exchange itself (llm, through its YAML header) is served but not captured again; others are.</summary>
    [Fact]
    public async Task Request_marked_as_logged_by_the_client_is_served_but_not_captured()
    {
        await using var h = await GatewayHarness.StartAsync();
        var marked = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(Requests.Simple("fake-chat", "from llm"), Encoding.UTF8, "application/json") };
        marked.Headers.Add("X-PromptCapture-No-Capture", "llm");
        using var served = await h.Http.SendAsync(marked);
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        using var other = await h.Http.PostChatAsync(Requests.Simple("fake-chat", "from curl"));
        other.StatusCode.Should().Be(HttpStatusCode.OK);

        await h.FlushAsync();
        Db.Rows(h.DatabasePath, "SELECT prompt FROM turn_search").Select(r => r["prompt"]).Should().Equal("from curl");
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM prompt_capture_failures").Should().Be(0L);
    }

    /// <summary>A chat request with its body compressed in <paramref name="encoding"/>.</summary>
    private static HttpRequestMessage Compressed(string json, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            _ => new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
        })
            compressor.Write(Encoding.UTF8.GetBytes(json));
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);
        return new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
    }

    /// <summary>A whole JSON answer (chat, Responses, Messages, an error) comes with its Content-Length, not chunked.</summary>
    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"fake-chat","messages":[{"role":"user","content":"hi"}]}""", 200)]
    [InlineData("/v1/responses", """{"model":"fake-chat","input":"hi"}""", 200)]
    [InlineData("/v1/messages", """{"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", 200)]
    [InlineData("/v1/chat/completions", """{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", 404)]
    public async Task Whole_json_answers_carry_their_content_length(string path, string body, int status)
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);

        var response = await h.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        ((int)response.StatusCode).Should().Be(status);
        response.Headers.TransferEncodingChunked.Should().NotBe(true);
        response.Content.Headers.ContentLength.Should().Be(bytes.Length);
        JsonDocument.Parse(bytes).RootElement.ValueKind.Should().Be(JsonValueKind.Object);
    }
}
