using PromptCapture.Providers;

namespace PromptCapture.Hosting;

/// <summary>The effective configuration of one gateway process, decided once from flags, environment and defaults.</summary>
public sealed record GatewayOptions
{
    /// <summary>The default port: Ollama's 11434 plus one.</summary>
    public const int DefaultPort = 11435;

    /// <summary>Address to bind; loopback unless the user says otherwise.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Port to bind; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;
    /// <summary>Path of providers.json.</summary>
    public string ProvidersPath { get; init; } = "providers.json";
    /// <summary>Capture database path; null means llm's own logs.db location.</summary>
    public string? DatabasePath { get; init; }
    /// <summary>Turns capture off.</summary>
    public bool NoLog { get; init; }
    /// <summary>Largest accepted request body, in bytes (images make bodies big).</summary>
    public long MaxBodyBytes { get; init; } = 20 * 1024 * 1024;
    /// <summary>Keys clients must send as a bearer token on /v1 routes; empty means no gateway auth.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];
    /// <summary>Where provider keys come from; the process environment unless a test supplies its own.</summary>
    public ApiKeySource Keys { get; init; } = ApiKeySources.Environment;
}
