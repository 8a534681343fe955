using PromptCapture.Providers;

namespace PromptCapture.Hosting;

/// <summary>
/// Watches providers.json and the .env file while serving and reloads them within about a second of an edit: new
/// aliases answer, removed ones 404, changed endpoints and keys serve new requests. A broken edit keeps the last good
/// configuration and is logged once, naming the file, provider and field (and shown by /health/ready).
/// </summary>
internal sealed partial class ProvidersReloader(GatewayOptions options, ModelCatalog catalog, ProvidersReloader.Baseline baseline, ILogger<ProvidersReloader> logger) : BackgroundService
{
    /// <summary>
    /// The files' stamp taken just before the first load. Compared from there, an edit made while the host was still
    /// starting (ExecuteAsync runs on a background thread, possibly after the first requests) is not missed.
    /// </summary>
    /// <param name="Files">Write times and lengths of providers.json and the .env file.</param>
    internal sealed record Baseline((DateTime, long, DateTime, long) Files);

    /// <summary>How often the files are looked at; a change is loaded once it has held still for one look.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>Ticks a change may keep changing before it is loaded anyway, so constant rewriting still loads within a second.</summary>
    private const int MaxWaits = 4;

    /// <summary>Added to the longest provider timeout before a replaced registry's connections are closed.</summary>
    private static readonly TimeSpan GraceMargin = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = baseline.Files;
        var pending = false;
        var waited = 0;
        using var timer = new PeriodicTimer(Tick);
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            var now = Stamp(options);
            if (now != seen && waited < MaxWaits)
            {
                // Still being written (an editor saving, a copy in progress): wait until it holds still, but not forever.
                seen = now;
                pending = true;
                waited++;
                continue;
            }
            seen = now;
            if (!pending)
                continue;
            pending = false;
            waited = 0;
            Reload();
        }
    }

    /// <summary>The next tick, or false once the host stops (also when it stops because it never started).</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reloads the .env keys and providers.json; on failure the current registry stays and the error is kept.</summary>
    internal void Reload()
    {
        try
        {
            if (options.EnvFilePath is { } envFile)
                EnvFile.Refresh(EnvFile.Read(File.Exists(envFile) ? envFile : null));
            var file = ProvidersFileLoader.Load(options.ProvidersPath);
            var registry = ModelRegistryBuilder.Build(file, options.Keys, options.ApiKeys);
            catalog.Replace(registry, Grace(file));
            Reloaded(logger, options.ProvidersPath, registry.Routes.Count);
        }
        catch (ProvidersFileException ex)
        {
            if (catalog.LastError != ex.Message)
                ReloadFailed(logger, ex.Message);
            catalog.Failed(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            var message = $"{options.ProvidersPath}: could not be reloaded ({ex.Message})";
            if (catalog.LastError != message)
                ReloadFailed(logger, message);
            catalog.Failed(message);
        }
    }

    /// <summary>How long a replaced registry may still serve requests: the longest whole-request timeout, plus a margin.</summary>
    private static TimeSpan Grace(ProvidersFile file) =>
        TimeSpan.FromSeconds(file.Providers!.Max(p => p.TimeoutSeconds ?? UpstreamHttpClientFactory.DefaultTimeoutSeconds)) + GraceMargin;

    /// <summary>What identifies the files' current contents: write times and lengths (a missing file counts too).</summary>
    internal static (DateTime, long, DateTime, long) Stamp(GatewayOptions options)
    {
        static (DateTime, long) Of(string? path)
        {
            if (path is null)
                return default;
            var info = new FileInfo(path);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
        }
        var (providersTime, providersLength) = Of(options.ProvidersPath);
        var (envTime, envLength) = Of(options.EnvFilePath);
        return (providersTime, providersLength, envTime, envLength);
    }

    /// <summary>A reload took effect.</summary>
    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Reloaded {Path}: {Aliases} aliases now served.")]
    private static partial void Reloaded(ILogger logger, string path, int aliases);

    /// <summary>An edit could not be used; the last good configuration keeps serving.</summary>
    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "Kept the last good configuration: {Reason}")]
    private static partial void ReloadFailed(ILogger logger, string reason);
}
