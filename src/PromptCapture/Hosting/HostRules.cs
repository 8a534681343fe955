using System.Net;

namespace PromptCapture.Hosting;

/// <summary>
/// Which Host headers and browser origins the gateway answers to. A DNS-rebinding page reaches the gateway under the
/// attacker's own host name, and a cross-site page announces itself with its Origin: both are refused unless the user
/// named them. Pure and built once, so the per-request checks are a few comparisons.
/// </summary>
internal sealed class HostRules
{
    /// <summary>What an --allowed-host value must look like, for the message that refuses one.</summary>
    public const string HostShape = "give a host name or an IP address (a :port is ignored), not a URL; * accepts any";

    /// <summary>What an --allowed-origin value must look like, for the message that refuses one.</summary>
    public const string OriginShape = "give an origin as browsers send it, scheme://host[:port] without a path (e.g. http://localhost:5173); * allows any";

    /// <summary>Host names and canonical addresses accepted besides loopback; compared ignoring case.</summary>
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Origins (scheme://host[:port]) whose pages may call the gateway.</summary>
    private readonly HashSet<string> _origins = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>--allowed-host * was given: any Host is accepted.</summary>
    private readonly bool _anyHost;

    /// <summary>--allowed-origin * was given: any page may call.</summary>
    private readonly bool _anyOrigin;

    /// <summary>
    /// Bound to every address (0.0.0.0, ::): any IP-literal Host is accepted. An address cannot be rebound (DNS
    /// rebinding needs a name the attacker controls), and "every address" includes ones behind NAT or port forwarding
    /// that the machine cannot list.
    /// </summary>
    private readonly bool _anyAddress;

    /// <summary>Builds the rules from the bind address and the normalised --allowed-host and --allowed-origin values.</summary>
    public HostRules(string bindHost, IReadOnlyList<string> allowedHosts, IReadOnlyList<string> allowedOrigins)
    {
        foreach (var host in allowedHosts)
        {
            if (host == "*")
                _anyHost = true;
            else
                _hosts.Add(host);
        }
        foreach (var origin in allowedOrigins)
        {
            if (origin == "*")
                _anyOrigin = true;
            else
                _origins.Add(origin);
        }
        var bind = NormalizeHost(bindHost) ?? bindHost;
        _anyAddress = bind is "0.0.0.0" or "::" or "*" or "+";
        if (!_anyAddress)
            _hosts.Add(bind);
        if (!IsLoopback(bind))
            AddMachineNames();
    }

    /// <summary>Extra host names accepted (the bind address and this machine's names included), for the start-up log.</summary>
    public IReadOnlyCollection<string> Hosts => _hosts;

    /// <summary>Whether any IP address is accepted as a Host (bound to every address).</summary>
    public bool AnyAddress => _anyAddress;

    /// <summary>
    /// Whether a Host header's host part (without port, IPv6 in brackets, as ASP.NET gives it) is acceptable: empty
    /// (an HTTP/1.0 client, never a browser), localhost and *.localhost (browsers resolve them to loopback themselves),
    /// a loopback address, the bind address, or a name the user allowed.
    /// </summary>
    public bool IsHostAllowed(string host)
    {
        // The usual local client first, without parsing anything.
        if (host.Length == 0 || _anyHost || host == "127.0.0.1")
            return true;
        var name = host.AsSpan();
        if (name.Length > 2 && name[0] == '[' && name[^1] == ']')
            name = name[1..^1];
        if (name.Length > 1 && name[^1] == '.')
            name = name[..^1];
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        if (CanonicalAddress(name) is { } address)
            return IPAddress.IsLoopback(address) || _anyAddress || _hosts.Contains(address.ToString());
        return _hosts.Contains(name.ToString());
    }

    /// <summary>Whether a browser page of this origin was allowed by the user (the gateway's own origin is checked by the caller).</summary>
    public bool IsOriginAllowed(string origin) => _anyOrigin || _origins.Contains(origin);

    /// <summary>
    /// An --allowed-host value as the rules compare it: trimmed, lower case, port and trailing dot dropped, addresses in
    /// canonical form; "*" stays; null when it is not a host (a URL, a path, spaces).
    /// </summary>
    public static string? NormalizeHost(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        if (text == "*")
            return text;
        if (text.Length == 0 || text.Contains("://", StringComparison.Ordinal) || text.IndexOfAny(['/', '?', '#', '@', ' ', ',']) >= 0)
            return null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
                return null;
            text = text[1..close];
        }
        else if (text.Count(c => c == ':') == 1)
        {
            text = text[..text.IndexOf(':')];
        }
        text = text.TrimEnd('.');
        if (text.Length == 0)
            return null;
        if (IPAddress.TryParse(text, out var address))
            return address.ToString();
        return Uri.CheckHostName(text) == UriHostNameType.Dns ? text : null;
    }

    /// <summary>
    /// An --allowed-origin value as browsers send the Origin header: scheme://host[:port], lower case, no default port,
    /// no trailing slash; "*" and "null" (file:// pages, sandboxed frames) stay; null when it is not an origin.
    /// </summary>
    public static string? NormalizeOrigin(string value)
    {
        var text = value.Trim();
        if (text is "*" or "null")
            return text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.UserInfo.Length > 0
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.EndsWith("//", StringComparison.Ordinal))
            return null;
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <summary>The address a host names when it is written exactly as browsers write addresses; null for names.</summary>
    private static IPAddress? CanonicalAddress(ReadOnlySpan<char> host)
    {
        if (!IPAddress.TryParse(host, out var address))
            return null;
        // "1", "0x7f.1" or "127.1" parse as IPv4 too; a browser never sends them (it rewrites them to dotted quads),
        // so anything but the canonical form is treated as a name, which no rule accepts by accident.
        Span<char> text = stackalloc char[45];
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && (!address.TryFormat(text, out var written) || !host.SequenceEqual(text[..written])))
            return null;
        return address;
    }

    /// <summary>True for localhost and loopback addresses.</summary>
    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>
    /// Bound beyond loopback, LAN clients reach the gateway by this machine's name (and its mDNS .local form), as
    /// Ollama also accepts; those names resolve on the local network, not through an attacker's DNS.
    /// </summary>
    private void AddMachineNames()
    {
        try
        {
            var name = Dns.GetHostName().ToLowerInvariant().TrimEnd('.');
            if (name.Length == 0 || name == "localhost")
                return;
            _hosts.Add(name);
            if (!name.Contains('.', StringComparison.Ordinal))
                _hosts.Add(name + ".local");
        }
        catch (System.Net.Sockets.SocketException)
        {
            // No host name: only addresses and --allowed-host names are accepted.
        }
    }
}
