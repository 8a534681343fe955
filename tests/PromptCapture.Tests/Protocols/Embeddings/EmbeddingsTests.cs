using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Providers;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Protocols.Ollama;
using Xunit;

namespace PromptCapture.Tests.Protocols.Embeddings;

/// <summary>POST /v1/embeddings, /api/embed and /api/embeddings against the fake upstream (through SK) and the offline echo provider.</summary>
public class EmbeddingsTests
{
    /// <summary>The OpenAI .NET SDK (which asks for base64 on the wire) gets the fake upstream's vectors for each input, in order.</summary>
    [Fact]
    public async Task OpenAI_sdk_embeds_a_list_through_the_gateway()
    {
        await using var h = await GatewayHarness.StartAsync();
        var client = h.OpenAI().GetEmbeddingClient("fake-chat");
        var result = await client.GenerateEmbeddingsAsync(["hello", "hi"]);
        result.Value.Should().HaveCount(2);
        result.Value[0].ToFloats().ToArray().Should().Equal(FakeUpstream.FakeVector("hello", 0));
        result.Value[1].ToFloats().ToArray().Should().Equal(FakeUpstream.FakeVector("hi", 1));
        var upstream = h.Upstream.Last;
        upstream.Path.Should().Be("/v1/embeddings");
        upstream.Json.GetProperty("model").GetString().Should().Be("upstream-chat-model");
    }

    /// <summary>Raw HTTP: float by default in OpenAI's list shape with usage; base64 decodes to the same little-endian floats; dimensions reach upstream.</summary>
    [Fact]
    public async Task Raw_embeddings_answer_float_and_base64()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"fake-chat","input":"abc","user":"u1"}""");
        status.Should().Be(200);
        var body = lines[0];
        body.GetProperty("object").GetString().Should().Be("list");
        body.GetProperty("model").GetString().Should().Be("fake-chat");
        var item = body.GetProperty("data")[0];
        item.GetProperty("object").GetString().Should().Be("embedding");
        item.GetProperty("index").GetInt32().Should().Be(0);
        item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).Should().Equal(FakeUpstream.FakeVector("abc", 0));
        body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().BeGreaterThan(0);

        var (_, _, b64) = await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"fake-chat","input":["abcd"],"encoding_format":"base64","dimensions":5}""");
        var bytes = Convert.FromBase64String(b64[0].GetProperty("data")[0].GetProperty("embedding").GetString()!);
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray().Should().Equal(FakeUpstream.FakeVector("abcd", 0, 5));
        h.Upstream.Last.Json.GetProperty("dimensions").GetInt32().Should().Be(5);
    }

    /// <summary>The echo provider embeds offline: same text, same unit vector; the dimension count is honoured.</summary>
    [Fact]
    public async Task Echo_provider_embeds_deterministically_offline()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, first) = await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"echo","input":["same","other"],"dimensions":16}""");
        status.Should().Be(200);
        var a = first[0].GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        a.Should().HaveCount(16);
        Math.Sqrt(a.Sum(v => (double)v * v)).Should().BeApproximately(1, 1e-5);
        a.Should().Equal(EchoEmbeddingService.Vector("same", 16));
        var (_, _, again) = await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"echo","input":"same","dimensions":16}""");
        again[0].GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).Should().Equal(a);
        h.Upstream.Requests.Should().BeEmpty();
    }

    /// <summary>Ollama's /api/embed (string or list, tagged model) and the older /api/embeddings (prompt, one vector).</summary>
    [Fact]
    public async Task Ollama_embed_routes_answer_in_ollama_shape()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, embed) = await h.Http.PostOllamaAsync("/api/embed", """{"model":"fake-chat:latest","input":["one","three"]}""");
        status.Should().Be(200);
        var body = embed[0];
        body.GetProperty("model").GetString().Should().Be("fake-chat:latest");
        body.GetProperty("embeddings")[1].EnumerateArray().Select(v => v.GetSingle()).Should().Equal(FakeUpstream.FakeVector("three", 1));
        body.GetProperty("total_duration").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        body.GetProperty("load_duration").GetInt64().Should().Be(0);
        body.GetProperty("prompt_eval_count").GetInt32().Should().BeGreaterThan(0);
        var (_, _, single) = await h.Http.PostOllamaAsync("/api/embed", """{"model":"fake-chat","input":"one"}""");
        single[0].GetProperty("embeddings").GetArrayLength().Should().Be(1);

        var (legacyStatus, _, legacy) = await h.Http.PostOllamaAsync("/api/embeddings", """{"model":"fake-chat","prompt":"four"}""");
        legacyStatus.Should().Be(200);
        legacy[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).Should().Equal(FakeUpstream.FakeVector("four", 0));
    }

    /// <summary>Bad input is a 400 in the route's own error shape, an unknown model a 404; the server keeps serving.</summary>
    [Theory]
    [InlineData("/v1/embeddings", """{"model":"fake-chat","input":[1,2,3]}""", 400, "token arrays")]
    [InlineData("/v1/embeddings", """{"model":"fake-chat","input":[[1,2]]}""", 400, "token arrays")]
    [InlineData("/v1/embeddings", """{"model":"fake-chat"}""", 400, "input")]
    [InlineData("/v1/embeddings", """{"model":"fake-chat","input":"x","encoding_format":"int8"}""", 400, "encoding_format")]
    [InlineData("/v1/embeddings", """{"model":"fake-chat","input":"x","dimensions":0}""", 400, "dimensions")]
    [InlineData("/v1/embeddings", """{"model":"nope","input":"x"}""", 404, "nope")]
    [InlineData("/api/embed", """{"model":"nope","input":"x"}""", 404, "model \"nope\" not found, try pulling it first")]
    [InlineData("/api/embed", """{"model":"fake-chat","input":{"a":1}}""", 400, "input")]
    [InlineData("/api/embeddings", """{"model":"fake-chat","prompt":["x"]}""", 400, "prompt")]
    [InlineData("/api/embed", """not json""", 400, "")]
    public async Task Bad_embedding_requests_get_the_route_error_shape(string path, string body, int expected, string fragment)
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync(path, body);
        status.Should().Be(expected);
        var error = lines.Should().ContainSingle().Subject.GetProperty("error");
        var message = path.StartsWith("/v1", StringComparison.Ordinal) ? error.GetProperty("message").GetString() : error.GetString();
        message.Should().NotBeNullOrEmpty();
        if (fragment.Length > 0)
            message.Should().Contain(fragment);
        var (ok, _, _) = await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"echo","input":"x"}""");
        ok.Should().Be(200);
    }

    /// <summary>An upstream refusal is passed on with its status, in OpenAI's error shape.</summary>
    [Fact]
    public async Task Upstream_error_is_relayed()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { ErrorStatus = 400, ErrorMessage = "bad embedding" };
        var (status, _, lines) = await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"fake-chat","input":"x"}""");
        status.Should().Be(400);
        lines[0].GetProperty("error").GetProperty("message").GetString().Should().Contain("bad embedding");
    }
}
