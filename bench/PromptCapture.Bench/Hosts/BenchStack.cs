using PromptCapture.Bench.Load;

namespace PromptCapture.Bench.Hosts;

/// <summary>Everything the run talks to, in one process on loopback: the upstream, YARP, and the gateway with capture on and off.</summary>
internal sealed class BenchStack : IAsyncDisposable
{
    /// <summary>Takes the started parts.</summary>
    private BenchStack(BenchFiles files, FastUpstream upstream, YarpProxy yarp, GatewayHost captureOn, GatewayHost captureOff)
    {
        Files = files;
        Upstream = upstream;
        Yarp = yarp;
        CaptureOn = captureOn;
        CaptureOff = captureOff;
        Direct = new HttpVariant("direct", ClientFactory.Create(), upstream.RootUrl, "m");
        Proxy = new HttpVariant("yarp", ClientFactory.Create(), yarp.RootUrl, "m");
        GatewayCapture = new HttpVariant("gateway capture on", ClientFactory.Create(), captureOn.RootUrl, "fast");
        GatewayNoCapture = new HttpVariant("gateway capture off", ClientFactory.Create(), captureOff.RootUrl, "fast");
        InProcess = new InProcessGateway(Files.PathOf("providers.json"), upstream.RootUrl);
        FrontDoors = [.. FrontDoor.Others.Select(door => new HttpVariant($"gateway {door.Name}", ClientFactory.Create(), captureOn.RootUrl, "fast", door))];
    }

    /// <summary>The temp folder (providers.json, databases).</summary>
    public BenchFiles Files { get; }
    /// <summary>The fast fake upstream.</summary>
    public FastUpstream Upstream { get; }
    /// <summary>The YARP proxy.</summary>
    public YarpProxy Yarp { get; }
    /// <summary>The gateway capturing to a temp database.</summary>
    public GatewayHost CaptureOn { get; }
    /// <summary>The gateway with --no-log.</summary>
    public GatewayHost CaptureOff { get; }
    /// <summary>Client straight to the upstream: the baseline.</summary>
    public HttpVariant Direct { get; }
    /// <summary>Client through YARP: the practical floor for any proxy.</summary>
    public HttpVariant Proxy { get; }
    /// <summary>Client through the capturing gateway.</summary>
    public HttpVariant GatewayCapture { get; }
    /// <summary>Client through the non-capturing gateway.</summary>
    public HttpVariant GatewayNoCapture { get; }
    /// <summary>The gateway's SK pieces called in-process, for the profile.</summary>
    public InProcessGateway InProcess { get; }

    /// <summary>The capturing gateway through its other protocols (Responses, Messages, Ollama), each with its own client.</summary>
    public IReadOnlyList<HttpVariant> FrontDoors { get; }

    /// <summary>The four HTTP variants, baseline first.</summary>
    public IReadOnlyList<HttpVariant> Variants => [Direct, Proxy, GatewayCapture, GatewayNoCapture];

    /// <summary>Starts the upstream, then everything in front of it.</summary>
    public static async Task<BenchStack> StartAsync()
    {
        var files = new BenchFiles();
        var upstream = await FastUpstream.StartAsync();
        var providers = files.WriteProviders(upstream.RootUrl);
        var yarp = await YarpProxy.StartAsync(upstream.RootUrl);
        var on = await GatewayHost.StartAsync(providers, files.PathOf("capture-on.db"), capture: true);
        var off = await GatewayHost.StartAsync(providers, files.PathOf("capture-off.db"), capture: false);
        return new BenchStack(files, upstream, yarp, on, off);
    }

    /// <summary>Stops everything (the capturing gateway drains its queue first) and removes the temp folder.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var variant in Variants.Concat(FrontDoors))
            variant.Client.Dispose();
        await CaptureOn.DisposeAsync();
        await CaptureOff.DisposeAsync();
        await Yarp.DisposeAsync();
        await Upstream.DisposeAsync();
        Files.Dispose();
    }
}
