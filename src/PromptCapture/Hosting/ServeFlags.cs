namespace PromptCapture.Hosting;

/// <summary>The serve flags as typed; null (or empty, for keys) where a flag was not given, so lower layers can fill it.</summary>
internal sealed record ServeFlags
{
    /// <summary>--host.</summary>
    public string? Host { get; init; }
    /// <summary>--port.</summary>
    public int? Port { get; init; }
    /// <summary>--providers.</summary>
    public string? Providers { get; init; }
    /// <summary>--db.</summary>
    public string? Database { get; init; }
    /// <summary>--embeddings-db.</summary>
    public string? EmbeddingsDatabase { get; init; }
    /// <summary>--no-log (or --no-log false).</summary>
    public bool? NoLog { get; init; }
    /// <summary>--max-body-mb.</summary>
    public int? MaxBodyMb { get; init; }
    /// <summary>--api-key, each occurrence.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];
    /// <summary>--allowed-host, each occurrence.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
    /// <summary>--allowed-origin, each occurrence.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
    /// <summary>--viewer (forces the viewer on).</summary>
    public bool? Viewer { get; init; }
    /// <summary>--no-viewer.</summary>
    public bool? NoViewer { get; init; }
    /// <summary>--env-file.</summary>
    public string? EnvFile { get; init; }
}
