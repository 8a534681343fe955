using System.ClientModel;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OpenAI;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Hosting;

namespace PromptCapture.Tests.Fakes;

/// <summary>
/// A real gateway on a loopback port in front of a real fake upstream on another, with its own temp folder,
/// providers.json and capture database. One per test; disposing stops both and deletes the folder.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    /// <summary>The provider key the gateway must send upstream; a test asserts it never leaks elsewhere.</summary>
    public const string UpstreamKey = "sk-fake-upstream-secret-9f8e7d";

    private WebApplication _app = null!;
    private string _initialProviders = "";

    /// <summary>The fake upstream.</summary>
    public FakeUpstream Upstream { get; private set; } = null!;
    /// <summary>Gateway base URL up to /v1.</summary>
    public string BaseUrl { get; private set; } = "";
    /// <summary>The temp folder (providers.json, logs.db).</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "pc-test-" + Guid.NewGuid().ToString("N"));
    /// <summary>The providers.json the gateway serves (tests may edit it while it runs).</summary>
    public string ProvidersPath => Path.Combine(Folder, "providers.json");
    /// <summary>The capture database path.</summary>
    public string DatabasePath => Path.Combine(Folder, "logs.db");
    /// <summary>A raw HTTP client pointed at the gateway root.</summary>
    public HttpClient Http { get; private set; } = null!;
    /// <summary>The capture store of the running gateway.</summary>
    public CaptureStore Store => _app.Services.GetRequiredService<CaptureStore>();

    /// <summary>
    /// Starts a fake upstream and a gateway routed to it; <paramref name="configure"/> changes further options,
    /// <paramref name="extraProviders"/> adds providers.json entries (given the fake's root URL) beside the usual ones.
    /// </summary>
    public static async Task<GatewayHarness> StartAsync(
        bool noLog = false, long? maxBodyBytes = null, IReadOnlyList<string>? apiKeys = null, Action<string>? beforeStart = null,
        Func<GatewayOptions, GatewayOptions>? configure = null, Func<string, JsonObject[]>? extraProviders = null,
        PromptCapture.Viewer.ViewerMode viewer = PromptCapture.Viewer.ViewerMode.Auto)
    {
        var harness = new GatewayHarness();
        Directory.CreateDirectory(harness.Folder);
        beforeStart?.Invoke(harness.DatabasePath);
        harness.Upstream = await FakeUpstream.StartAsync();
        var providers = Path.Combine(harness.Folder, "providers.json");
        harness._initialProviders = ProvidersJson(harness.Upstream.RootUrl, extraProviders?.Invoke(harness.Upstream.RootUrl) ?? []);
        await File.WriteAllTextAsync(providers, harness._initialProviders);
        var keys = new Dictionary<string, string> { ["FAKE_KEY"] = UpstreamKey };
        var options = new GatewayOptions
        {
            Port = 0,
            ProvidersPath = providers,
            DatabasePath = harness.DatabasePath,
            NoLog = noLog,
            MaxBodyBytes = maxBodyBytes ?? new GatewayOptions().MaxBodyBytes,
            ApiKeys = apiKeys ?? [],
            Viewer = viewer,
            Keys = name => keys.GetValueOrDefault(name),
        };
        harness._app = GatewayApp.Build(configure?.Invoke(options) ?? options);
        await harness._app.StartAsync();
        var root = GatewayApp.ListeningAddress(harness._app);
        harness.BaseUrl = root + "/v1";
        harness.Http = new HttpClient { BaseAddress = new Uri(root) };
        return harness;
    }

    /// <summary>An official OpenAI SDK client pointed at the gateway.</summary>
    public OpenAIClient OpenAI() =>
        new(new ApiKeyCredential("client-side-key-not-forwarded"), new OpenAIClientOptions { Endpoint = new Uri(BaseUrl), NetworkTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>A service of the running gateway.</summary>
    public T Services<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Waits until every capture submitted so far is in the database.</summary>
    public Task FlushAsync() => Store.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

    /// <summary>Stops the gateway (draining capture) and the upstream, then deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Upstream.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The providers.json this harness started with, as an editable tree.</summary>
    public JsonObject ProvidersTree() => JsonNode.Parse(_initialProviders)!.AsObject();

    /// <summary>providers.json for the test (azure-openai included): fake upstream aliases, a keyless alias on a closed port, an alias whose key is unset, and echo.</summary>
    private static string ProvidersJson(string root, JsonObject[] extra) => new JsonObject
    {
        ["defaultModel"] = "fake-chat",
        ["providers"] = new JsonArray([.. extra,
        
            new JsonObject
            {
                ["name"] = "fake", ["type"] = "openai", ["endpoint"] = root + "/v1", ["apiKeyEnv"] = "FAKE_KEY",
                ["retry"] = new JsonObject { ["maxRetries"] = 2, ["baseDelayMs"] = 20, ["maxRetryAfterSeconds"] = 3 },
                ["models"] = new JsonArray
                {
                    new JsonObject { ["alias"] = "fake-chat", ["model"] = "upstream-chat-model" },
                    new JsonObject { ["alias"] = "fake-reasoner", ["model"] = "upstream-reasoner-model" },
                },
            },
            new JsonObject
            {
                ["name"] = "flaky", ["type"] = "openai", ["endpoint"] = root + "/v1", ["apiKeyEnv"] = "FAKE_KEY", ["retry"] = new JsonObject { ["maxRetries"] = 0 },
                ["models"] = new JsonArray
                {
                    new JsonObject { ["alias"] = "flaky-chat", ["model"] = "flaky-model", ["fallbacks"] = new JsonArray("down-chat", "fake-chat") },
                },
            },
            new JsonObject
            {
                ["name"] = "keyless", ["type"] = "openai", ["endpoint"] = root + "/v1",
                ["models"] = new JsonArray { new JsonObject { ["alias"] = "keyless-chat", ["model"] = "local-model" } },
            },
            new JsonObject
            {
                ["name"] = "locked", ["type"] = "openai", ["endpoint"] = root + "/v1", ["apiKeyEnv"] = "PC_TEST_UNSET_KEY",
                ["models"] = new JsonArray { new JsonObject { ["alias"] = "needs-key", ["model"] = "m" } },
            },
            new JsonObject
            {
                ["name"] = "down", ["type"] = "openai", ["endpoint"] = $"http://127.0.0.1:{ClosedPort()}/v1", ["connectTimeoutSeconds"] = 5,
                ["retry"] = new JsonObject { ["maxRetries"] = 1, ["baseDelayMs"] = 10 },
                ["models"] = new JsonArray { new JsonObject { ["alias"] = "down-chat", ["model"] = "m" } },
            },
            new JsonObject
            {
                ["name"] = "slow", ["type"] = "openai", ["endpoint"] = root + "/v1", ["timeoutSeconds"] = 1, ["retry"] = new JsonObject { ["maxRetries"] = 0 },
                ["models"] = new JsonArray { new JsonObject { ["alias"] = "slow-chat", ["model"] = "m" } },
            },
            new JsonObject
            {
                ["name"] = "azure", ["type"] = "azure-openai", ["endpoint"] = root, ["apiKeyEnv"] = "FAKE_KEY",
                ["models"] = new JsonArray { new JsonObject { ["alias"] = "azure-chat", ["model"] = "gpt-4o", ["deployment"] = "my-deployment" } },
            },
            new JsonObject { ["name"] = "echo", ["type"] = "echo", ["models"] = new JsonArray { new JsonObject { ["alias"] = "echo", ["model"] = "echo" } } },
        ]),
    }.ToJsonString();

    /// <summary>A loopback port nothing listens on (bound and released at once).</summary>
    private static int ClosedPort()
    {
        using var socket = new TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
