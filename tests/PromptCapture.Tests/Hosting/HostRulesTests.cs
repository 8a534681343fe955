using FluentAssertions;
using PromptCapture.Hosting;
using Xunit;

namespace PromptCapture.Tests.Hosting;

/// <summary>The Host and Origin rules alone: what each bind address accepts, and how user values are normalised.</summary>
public sealed class HostRulesTests
{
    /// <summary>Bound to loopback, only loopback names, addresses and names the user gave are answered.</summary>
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("my-app.localhost", true)]
    [InlineData("localhost.", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.9.9.9", true)]
    [InlineData("[::1]", true)]
    [InlineData("", true)]
    [InlineData("gateway.lan", true)]
    [InlineData("GATEWAY.LAN", true)]
    [InlineData("attacker.example", false)]
    [InlineData("localhost.attacker.example", false)]
    [InlineData("127.0.0.1.attacker.example", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("2130706433", false)]
    [InlineData("0x7f.1", false)]
    public void Loopback_bind_accepts_loopback_and_named_hosts(string host, bool allowed)
    {
        var rules = new HostRules("127.0.0.1", ["gateway.lan"], []);

        rules.IsHostAllowed(host).Should().Be(allowed);
    }

    /// <summary>Bound to every address, any IP literal is answered (an address cannot be rebound), names only when allowed.</summary>
    [Theory]
    [InlineData("192.168.1.20", true)]
    [InlineData("203.0.113.7", true)]
    [InlineData("[fe80::1]", true)]
    [InlineData("attacker.example", false)]
    public void Any_address_bind_accepts_addresses_but_not_foreign_names(string host, bool allowed)
    {
        new HostRules("0.0.0.0", [], []).IsHostAllowed(host).Should().Be(allowed);
        new HostRules("::", [], []).IsHostAllowed(host).Should().Be(allowed);
    }

    /// <summary>Bound to one LAN address: that address and this machine's own name are answered; another address is not.</summary>
    [Fact]
    public void Specific_bind_accepts_its_address_and_the_machine_name()
    {
        var rules = new HostRules("192.168.1.20", [], []);
        var machine = System.Net.Dns.GetHostName().ToLowerInvariant();

        rules.IsHostAllowed("192.168.1.20").Should().BeTrue();
        rules.IsHostAllowed("192.168.1.21").Should().BeFalse();
        rules.IsHostAllowed(machine).Should().BeTrue();
    }

    /// <summary>* accepts any host or origin; otherwise origins must match exactly as browsers send them.</summary>
    [Fact]
    public void Wildcards_and_exact_origins()
    {
        var open = new HostRules("127.0.0.1", ["*"], ["*"]);
        var strict = new HostRules("127.0.0.1", [], ["http://localhost:5173"]);

        open.IsHostAllowed("attacker.example").Should().BeTrue();
        open.IsOriginAllowed("https://anything.example").Should().BeTrue();
        strict.IsOriginAllowed("http://localhost:5173").Should().BeTrue();
        strict.IsOriginAllowed("HTTP://LOCALHOST:5173").Should().BeTrue();
        strict.IsOriginAllowed("http://localhost:5174").Should().BeFalse();
        strict.IsOriginAllowed("null").Should().BeFalse();
    }

    /// <summary>User-typed host values become what the check compares; URLs and paths are refused.</summary>
    [Theory]
    [InlineData("Gateway.Lan", "gateway.lan")]
    [InlineData("gateway.lan:8080", "gateway.lan")]
    [InlineData("gateway.lan.", "gateway.lan")]
    [InlineData("[FE80::1]:80", "fe80::1")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("*", "*")]
    [InlineData("http://gateway.lan", null)]
    [InlineData("gateway.lan/v1", null)]
    [InlineData("two words", null)]
    public void Host_values_are_normalised(string value, string? expected) => HostRules.NormalizeHost(value).Should().Be(expected);

    /// <summary>User-typed origins become what browsers send: no trailing slash, no default port, lower case.</summary>
    [Theory]
    [InlineData("http://localhost:5173/", "http://localhost:5173")]
    [InlineData("https://App.Example:443", "https://app.example")]
    [InlineData("vscode-webview://abc123", "vscode-webview://abc123")]
    [InlineData("null", "null")]
    [InlineData("*", "*")]
    [InlineData("app.example", null)]
    [InlineData("https://app.example/path", null)]
    [InlineData("https://app.example?x=1", null)]
    public void Origin_values_are_normalised(string value, string? expected) => HostRules.NormalizeOrigin(value).Should().Be(expected);
}
