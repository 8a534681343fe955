namespace PromptCapture.Hosting;

/// <summary>
/// Every serve setting in one table, so help, the resolver and the service unit agree on names; defaults are read
/// from <see cref="GatewayOptions"/>, never written here.
/// </summary>
internal static class ServeSettings
{
    /// <summary>The defaults, read once for help texts.</summary>
    private static readonly GatewayOptions Defaults = new();

    /// <summary>--host / PROMPT_CAPTURE_HOST.</summary>
    public static readonly ServeSetting Host = new("--host", "PROMPT_CAPTURE_HOST",
        "Address to bind (anything but loopback exposes the gateway to the network)", Defaults.Host);

    /// <summary>--port / PROMPT_CAPTURE_PORT.</summary>
    public static readonly ServeSetting Port = new("--port", "PROMPT_CAPTURE_PORT",
        "Port to listen on (0 picks a free one)", Defaults.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>--providers / PROMPT_CAPTURE_PROVIDERS.</summary>
    public static readonly ServeSetting Providers = new("--providers", "PROMPT_CAPTURE_PROVIDERS",
        "providers.json to load", $"./{ConfigLocations.ProvidersFileName}, else {ConfigLocations.DisplayConfigDirectory}/{ConfigLocations.ProvidersFileName}, else the one shipped with the gateway");

    /// <summary>--db / PROMPT_CAPTURE_DB.</summary>
    public static readonly ServeSetting Database = new("--db", "PROMPT_CAPTURE_DB",
        "Capture database", "llm's logs.db, as `llm logs path` prints");

    /// <summary>--embeddings-db / PROMPT_CAPTURE_EMBEDDINGS_DB.</summary>
    public static readonly ServeSetting EmbeddingsDatabase = new("--embeddings-db", "PROMPT_CAPTURE_EMBEDDINGS_DB",
        "Where embeddings are captured (llm's embeddings.db format)", "embeddings.db beside the capture database");

    /// <summary>--no-log / PROMPT_CAPTURE_NO_LOG.</summary>
    public static readonly ServeSetting NoLog = new("--no-log", "PROMPT_CAPTURE_NO_LOG",
        "Capture nothing (variable: 1, true, yes or on)", null);

    /// <summary>--max-body-mb / PROMPT_CAPTURE_MAX_BODY_MB.</summary>
    public static readonly ServeSetting MaxBodyMb = new("--max-body-mb", "PROMPT_CAPTURE_MAX_BODY_MB",
        "Largest request body accepted, in MB", GatewayOptions.DefaultMaxBodyMb.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>--api-key / PROMPT_CAPTURE_API_KEY.</summary>
    public static readonly ServeSetting ApiKey = new("--api-key", "PROMPT_CAPTURE_API_KEY",
        "A key clients must send as 'Authorization: Bearer KEY' (repeat the flag for several; the variable is comma-separated)", "none, the gateway is open");

    /// <summary>--allowed-host / PROMPT_CAPTURE_ALLOWED_HOSTS.</summary>
    public static readonly ServeSetting AllowedHost = new("--allowed-host", "PROMPT_CAPTURE_ALLOWED_HOSTS",
        "A host name clients reach the gateway by, besides localhost, loopback addresses and the bind address; other Host headers get 403 "
        + "(repeat the flag for several; the variable is comma-separated; * accepts any)", "none");

    /// <summary>--allowed-origin / PROMPT_CAPTURE_ORIGINS.</summary>
    public static readonly ServeSetting AllowedOrigin = new("--allowed-origin", "PROMPT_CAPTURE_ORIGINS",
        "A web page origin (scheme://host[:port]) allowed to call the gateway from a browser; other origins get 403 "
        + "(repeat the flag for several; the variable is comma-separated; * allows any)", "none, only the gateway's own");

    /// <summary>--viewer / PROMPT_CAPTURE_VIEWER.</summary>
    public static readonly ServeSetting Viewer = new("--viewer", "PROMPT_CAPTURE_VIEWER",
        "Serve the capture viewer at / even when bound beyond loopback without a gateway key (variable: on, off or auto)",
        "auto: on for a loopback bind or with a gateway key");

    /// <summary>--no-viewer / PROMPT_CAPTURE_VIEWER=off.</summary>
    public static readonly ServeSetting NoViewer = new("--no-viewer", "PROMPT_CAPTURE_VIEWER",
        "Turn the capture viewer off (variable: off)", null);

    /// <summary>--env-file / PROMPT_CAPTURE_ENV_FILE.</summary>
    public static readonly ServeSetting EnvFile = new("--env-file", "PROMPT_CAPTURE_ENV_FILE",
        "File of KEY=value lines (provider keys and PROMPT_CAPTURE_* settings); the environment wins over it",
        $"./.env, else {ConfigLocations.DisplayConfigDirectory}/.env");

    /// <summary>All of them, in the order help and README list them.</summary>
    public static IReadOnlyList<ServeSetting> All { get; } = [Host, Port, Providers, Database, EmbeddingsDatabase, NoLog, MaxBodyMb, ApiKey, AllowedHost, AllowedOrigin, Viewer, NoViewer, EnvFile];
}
