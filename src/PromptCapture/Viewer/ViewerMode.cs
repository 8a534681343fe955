using System.Net;

namespace PromptCapture.Viewer;

/// <summary>How the user asked for the viewer: decided by the bind and the keys, forced on, or off.</summary>
public enum ViewerMode
{
    /// <summary>On for a loopback bind or when gateway keys guard it; off on an exposed bind without keys.</summary>
    Auto,
    /// <summary>On whatever the bind (--viewer); warned about when exposed without keys.</summary>
    On,
    /// <summary>Off (--no-viewer).</summary>
    Off,
}

/// <summary>Whether the viewer runs, why not if it does not, and whether it needs a login.</summary>
/// <param name="Enabled">Whether / serves the viewer and /_viewer/ its files and data.</param>
/// <param name="LoginRequired">Whether gateway keys are configured, so the viewer asks for one.</param>
/// <param name="ExposedWithoutKey">Forced on beyond loopback with no key: every capture is readable from the network.</param>
/// <param name="Reason">Why it is off, for the start-up log; null when on.</param>
public sealed record ViewerDecision(bool Enabled, bool LoginRequired, bool ExposedWithoutKey, string? Reason)
{
    /// <summary>
    /// Decides from the mode, the bind address and the number of keys: captures are every prompt the user sent, so an
    /// exposed bind without a key shows them to nobody unless the user forces it.
    /// </summary>
    public static ViewerDecision Decide(ViewerMode mode, string host, int keyCount)
    {
        var keys = keyCount > 0;
        if (mode == ViewerMode.Off)
            return new ViewerDecision(false, keys, false, "turned off (--no-viewer)");
        var exposed = !IsLoopback(host);
        if (exposed && !keys && mode == ViewerMode.Auto)
            return new ViewerDecision(false, false, false, $"bound to {host} without a gateway key; pass --api-key KEY, or --viewer to serve it anyway");
        return new ViewerDecision(true, keys, exposed && !keys, null);
    }

    /// <summary>localhost or a loopback address (127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(string host)
    {
        var bare = host.Trim('[', ']');
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }
}
