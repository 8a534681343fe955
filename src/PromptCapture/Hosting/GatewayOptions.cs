using PromptCapture.Providers;

namespace PromptCapture.Hosting;

/// <summary>
/// The effective configuration of one gateway process. Its initial values are the defaults, the only place they are
/// written; <see cref="GatewayConfiguration"/> decides the rest from flags, environment and the .env file.
/// </summary>
public sealed record GatewayOptions
{
    /// <summary>The default port: Ollama's 11434 plus one.</summary>
    public const int DefaultPort = 11435;

    /// <summary>The default body limit in MB: large enough for a few base64 images.</summary>
    public const int DefaultMaxBodyMb = 20;

    /// <summary>
    /// How long the host waits on stop for requests in flight and the capture drain; a service manager must wait longer
    /// than this before it kills the process.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Address to bind; loopback unless the user says otherwise.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Port to bind; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;
    /// <summary>Path of providers.json.</summary>
    public string ProvidersPath { get; init; } = ConfigLocations.ProvidersFileName;
    /// <summary>Capture database path; null means llm's own logs.db location.</summary>
    public string? DatabasePath { get; init; }
    /// <summary>Turns capture off.</summary>
    public bool NoLog { get; init; }
    /// <summary>Where embeddings are stored (llm's embeddings.db); null means embeddings.db beside the capture database.</summary>
    public string? EmbeddingsDatabasePath { get; init; }
    /// <summary>Largest accepted request body, in bytes (images make bodies big).</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyMb * 1024L * 1024;
    /// <summary>Keys clients must send as a bearer token on /v1 routes; empty means no gateway auth.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];
    /// <summary>
    /// Host names (or addresses) clients may use in the Host header besides loopback and the bind address, normalised by
    /// <see cref="HostRules.NormalizeHost"/>; "*" accepts any. Guards against DNS rebinding.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
    /// <summary>Browser origins (scheme://host[:port]) whose pages may call the gateway; "*" allows any. Its own origin always may.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
    /// <summary>Whether the capture viewer is served: decided by bind and keys (auto), forced on, or off.</summary>
    public Viewer.ViewerMode Viewer { get; init; } = PromptCapture.Viewer.ViewerMode.Auto;
    /// <summary>The .env file keys were read from, or null when there was none; shown at start so a service's setup can be checked.</summary>
    public string? EnvFilePath { get; init; }
    /// <summary>Where provider keys come from; the process environment unless a test supplies its own.</summary>
    public ApiKeySource Keys { get; init; } = ApiKeySources.Environment;
}
