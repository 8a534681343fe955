using System.Text.Json;
using FluentAssertions;
using PromptCapture.Protocols.Ollama;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Ollama;

/// <summary>The Ollama listing routes: version, tags, ps, show, and the liveness answer on /.</summary>
public class OllamaModelsTests
{
    /// <summary>An Ollama client's first probes: HEAD / and GET / must say Ollama is running, /api/version names a version.</summary>
    [Fact]
    public async Task Root_and_version_answer_as_an_ollama_server()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var head = await h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        ((int)head.StatusCode).Should().Be(200);
        (await h.Http.GetStringAsync("/")).Should().Be("Ollama is running");
        var (status, version) = await h.Http.GetOllamaAsync("/api/version");
        status.Should().Be(200);
        version.GetProperty("version").GetString().Should().Be(OllamaModelsEndpoint.Version);
    }

    /// <summary>Every alias of providers.json appears as alias:latest with a stable digest and a details block.</summary>
    [Fact]
    public async Task Tags_list_every_alias_as_a_latest_model()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.GetOllamaAsync("/api/tags");
        status.Should().Be(200);
        var models = body.GetProperty("models").EnumerateArray().ToList();
        var chat = models.Should().ContainSingle(m => m.GetProperty("name").GetString() == "fake-chat:latest").Subject;
        chat.GetProperty("model").GetString().Should().Be("fake-chat:latest");
        chat.GetProperty("digest").GetString().Should().Be(OllamaModelNames.Digest("fake-chat")).And.MatchRegex("^[0-9a-f]{64}$");
        chat.GetProperty("modified_at").GetString().Should().NotBeNullOrEmpty();
        chat.GetProperty("size").GetInt64().Should().Be(0);
        var details = chat.GetProperty("details");
        foreach (var field in new[] { "format", "family", "parameter_size", "quantization_level" })
            details.GetProperty(field).GetString().Should().NotBeNullOrEmpty();
        models.Select(m => m.GetProperty("name").GetString()).Should().Contain("fake-reasoner:latest");
        var (_, again) = await h.Http.GetOllamaAsync("/api/tags");
        again.GetProperty("models")[0].GetProperty("digest").GetString().Should().Be(models[0].GetProperty("digest").GetString());
    }

    /// <summary>ps lists the aliases as loaded models with an expiry.</summary>
    [Fact]
    public async Task Ps_lists_aliases_as_running_models()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, body) = await h.Http.GetOllamaAsync("/api/ps");
        status.Should().Be(200);
        var entry = body.GetProperty("models").EnumerateArray().First(m => m.GetProperty("name").GetString() == "fake-chat:latest");
        entry.GetProperty("expires_at").GetString().Should().NotBeNullOrEmpty();
        entry.GetProperty("size_vram").GetInt64().Should().Be(0);
    }

    /// <summary>show takes a tagged name (or the older "name" field) and reports capabilities clients check for tools.</summary>
    [Fact]
    public async Task Show_describes_a_tagged_model_with_capabilities()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/show", """{"model":"fake-chat:latest"}""");
        status.Should().Be(200);
        var show = lines.Should().ContainSingle().Subject;
        show.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).Should().Equal("completion", "tools");
        show.GetProperty("modelfile").GetString().Should().Contain("upstream-chat-model");
        show.GetProperty("model_info").GetProperty("general.architecture").GetString().Should().NotBeNullOrEmpty();
        var (byName, _, _) = await h.Http.PostOllamaAsync("/api/show", """{"name":"fake-chat"}""");
        byName.Should().Be(200);
    }

    /// <summary>An unknown model is Ollama's 404 wording; a body that is not JSON is a 400; both in {"error":...}.</summary>
    [Fact]
    public async Task Show_errors_are_in_ollama_shape()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/show", """{"model":"nope:latest"}""");
        status.Should().Be(404);
        lines[0].GetProperty("error").GetString().Should().Be("model \"nope:latest\" not found, try pulling it first");
        var (bad, _, badLines) = await h.Http.PostOllamaAsync("/api/show", "{not json");
        bad.Should().Be(400);
        badLines[0].GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        badLines[0].EnumerateObject().Select(p => p.Name).Should().Equal("error");
        var (missing, _, _) = await h.Http.PostOllamaAsync("/api/show", "{}");
        missing.Should().Be(400);
    }

    /// <summary>With a gateway key set, every /api route needs it (Bearer or x-api-key) and refuses in Ollama's shape; / stays open for liveness.</summary>
    [Fact]
    public async Task Api_routes_need_the_gateway_key_when_one_is_set()
    {
        await using var h = await GatewayHarness.StartAsync(apiKeys: ["gw-key-123"]);
        foreach (var path in new[] { "/api/tags", "/api/ps", "/api/version" })
        {
            var (status, body) = await h.Http.GetOllamaAsync(path);
            status.Should().Be(401, path);
            body.GetProperty("error").GetString().Should().Contain("gateway API key");
        }
        var (chat, _, lines) = await h.Http.PostOllamaAsync("/api/chat", """{"model":"fake-chat","messages":[{"role":"user","content":"x"}]}""");
        chat.Should().Be(401);
        lines[0].GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        h.Upstream.Requests.Should().BeEmpty();
        (await h.Http.GetStringAsync("/")).Should().Be("Ollama is running");

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/tags");
        bearer.Headers.Authorization = new("Bearer", "gw-key-123");
        ((int)(await h.Http.SendAsync(bearer)).StatusCode).Should().Be(200);
        using var header = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = new StringContent("""{"model":"fake-chat","stream":false,"messages":[{"role":"user","content":"x"}]}""") };
        header.Headers.Add("x-api-key", "gw-key-123");
        ((int)(await h.Http.SendAsync(header)).StatusCode).Should().Be(200);
    }

    /// <summary>An unknown /api route answers in Ollama's shape rather than OpenAI's.</summary>
    [Fact]
    public async Task Unknown_api_route_is_an_ollama_404()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, lines) = await h.Http.PostOllamaAsync("/api/pull", """{"model":"x"}""");
        status.Should().Be(404);
        lines[0].ValueKind.Should().Be(JsonValueKind.Object);
        lines[0].GetProperty("error").GetString().Should().Contain("/api/pull");
    }
}
