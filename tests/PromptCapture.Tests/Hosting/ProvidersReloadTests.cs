using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using PromptCapture.Hosting;
using PromptCapture.Providers;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Hosting;

/// <summary>providers.json and .env edited while the gateway serves: taken within a couple of seconds, no restart, nothing lost.</summary>
public class ProvidersReloadTests
{
    /// <summary>How long a test waits for an edit to be seen (the gateway looks every quarter second).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>A new alias answers and a removed one is a 404 model_not_found, without a restart.</summary>
    [Fact]
    public async Task Added_alias_answers_and_removed_alias_is_404()
    {
        await using var h = await GatewayHarness.StartAsync();
        var tree = h.ProvidersTree();
        var models = Fake(tree)["models"]!.AsArray();
        models.RemoveAt(1); // fake-reasoner
        models.Add(new JsonObject { ["alias"] = "fresh-chat", ["model"] = "fresh-upstream-model" });
        await WriteAsync(h, tree);

        await PollAsync(async () => (await h.Http.PostChatAsync(Requests.Simple("fresh-chat"))).StatusCode == HttpStatusCode.OK);
        h.Upstream.Last.Json.GetProperty("model").GetString().Should().Be("fresh-upstream-model");
        using var removed = await h.Http.PostChatAsync(Requests.Simple("fake-reasoner"));
        removed.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonDocument.Parse(await removed.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("model_not_found");
    }

    /// <summary>
    /// A changed endpoint serves new requests, while a stream that started before the edit finishes on the upstream it
    /// started with.
    /// </summary>
    [Fact]
    public async Task Changed_endpoint_serves_new_requests_while_running_ones_finish_on_the_old()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var second = await FakeUpstream.StartAsync();
        second.DefaultReply = new FakeReply { Content = "From the second upstream." };
        var release = new TaskCompletionSource();
        h.Upstream.Enqueue(new FakeReply { Content = "old upstream answer", HoldAfterFirstChunk = release.Task });
        using var running = await h.Http.StreamUntilAsync(Requests.Simple("fake-chat", stream: true), "\"content\"");

        var tree = h.ProvidersTree();
        Fake(tree)["endpoint"] = second.BaseUrl;
        await WriteAsync(h, tree);
        await PollAsync(async () =>
        {
            using var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat"));
            return (await response.Content.ReadAsStringAsync()).Contains("From the second upstream.", StringComparison.Ordinal);
        });

        release.SetResult();
        var rest = await running.Reader.ReadToEndAsync();
        rest.Should().Contain("[DONE]").And.Contain("answer", "the held stream finished on the upstream it started on");
        second.Requests.Should().NotBeEmpty();
    }

    /// <summary>A broken edit keeps the last good configuration; readiness stays 200 and names the problem until it is fixed.</summary>
    [Fact]
    public async Task Broken_edit_keeps_last_good_configuration_and_readiness_names_it()
    {
        await using var h = await GatewayHarness.StartAsync();
        var tree = h.ProvidersTree();
        Fake(tree)["models"]![0]!["alias"] = null;
        await WriteAsync(h, tree);

        JsonElement ready = default;
        await PollAsync(async () =>
        {
            using var response = await h.Http.GetAsync("/health/ready");
            ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return response.StatusCode == HttpStatusCode.OK && ready.GetProperty("providers_error").ValueKind == JsonValueKind.String;
        });
        var error = ready.GetProperty("providers_error").GetString()!;
        error.Should().Contain("providers.json").And.Contain("fake").And.Contain("alias");
        (await h.Http.PostChatAsync(Requests.Simple("fake-chat"))).StatusCode.Should().Be(HttpStatusCode.OK, "the last good configuration still serves");

        await File.WriteAllTextAsync(h.ProvidersPath, "{ not json");
        await File.WriteAllTextAsync(h.ProvidersPath, h.ProvidersTree().ToJsonString());
        await PollAsync(async () =>
        {
            using var response = await h.Http.GetAsync("/health/ready");
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("providers_error").ValueKind == JsonValueKind.Null;
        });
    }

    /// <summary>An edited .env key is what the upstream receives next; a variable the real environment sets is never overridden.</summary>
    [Fact]
    public async Task Edited_env_file_key_is_used_by_new_requests()
    {
        var variable = "PC_RELOAD_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var folder = new TempFolder("pc-env-");
        var envFile = folder.File(".env");
        await File.WriteAllTextAsync(envFile, $"{variable}=first-key\n");
        EnvFile.ExportMissing(EnvFile.Read(envFile));
        try
        {
            await using var h = await GatewayHarness.StartAsync(configure: o => o with { EnvFilePath = envFile, Keys = ApiKeySources.Environment });
            var tree = h.ProvidersTree();
            Fake(tree)["apiKeyEnv"] = variable;
            await WriteAsync(h, tree);
            await PollAsync(async () =>
            {
                (await h.Http.PostChatAsync(Requests.Simple("fake-chat"))).Dispose();
                return h.Upstream.Requests.LastOrDefault()?.Headers["authorization"] == "Bearer first-key";
            });

            await File.WriteAllTextAsync(envFile, $"{variable}=second-key\n");
            await PollAsync(async () =>
            {
                (await h.Http.PostChatAsync(Requests.Simple("fake-chat"))).Dispose();
                return h.Upstream.Last.Headers["authorization"] == "Bearer second-key";
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    /// <summary>Requests keep flowing while providers.json is rewritten over and over: every one is answered.</summary>
    [Fact]
    public async Task Edits_under_load_lose_no_request()
    {
        await using var h = await GatewayHarness.StartAsync();
        var catalog = h.Services<ModelCatalog>();
        using var stop = new CancellationTokenSource(Deadline);
        var editor = Task.Run(async () =>
        {
            for (var i = 0; catalog.Generation < 4 && !stop.IsCancellationRequested; i++)
            {
                var tree = h.ProvidersTree();
                Fake(tree)["models"]!.AsArray().Add(new JsonObject { ["alias"] = $"extra-{i}", ["model"] = "m" });
                await WriteAsync(h, tree);
                await Task.Delay(150);
            }
        });
        var answered = 0;
        var failed = new List<string>();
        var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !editor.IsCompleted; i++)
            {
                using var response = await h.Http.PostChatAsync(Requests.Simple("fake-chat", $"client {c} request {i}", stream: i % 2 == 0));
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && !body.Contains("\"error\"", StringComparison.Ordinal))
                    Interlocked.Increment(ref answered);
                else
                    lock (failed) failed.Add($"{(int)response.StatusCode}: {body}");
            }
        }));
        await Task.WhenAll(clients);
        await editor;
        catalog.Generation.Should().BeGreaterThanOrEqualTo(4, "several edits were loaded while requests ran");
        failed.Should().BeEmpty();
        answered.Should().BeGreaterThan(0);
    }

    /// <summary>The "fake" provider entry of a providers tree.</summary>
    private static JsonObject Fake(JsonObject tree) => tree["providers"]![0]!.AsObject();

    /// <summary>Writes a providers tree over the running gateway's file.</summary>
    private static Task WriteAsync(GatewayHarness h, JsonObject tree) => File.WriteAllTextAsync(h.ProvidersPath, tree.ToJsonString());

    /// <summary>Polls a condition until it holds or the deadline passes (then fails).</summary>
    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException("the edit was not taken in time");
            await Task.Delay(50);
        }
    }
}
