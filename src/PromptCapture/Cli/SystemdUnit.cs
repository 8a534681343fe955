using System.Runtime.InteropServices;
using System.Text;
using PromptCapture.Hosting;

namespace PromptCapture.Cli;

/// <summary>
/// The systemd unit that runs <c>serve</c> as a service: restarted on failure, stopped with SIGTERM and given longer
/// than the host's shutdown timeout, so requests in flight finish and the capture queue drains before systemd kills it.
/// </summary>
internal static class SystemdUnit
{
    /// <summary>The environment file of a system unit (the leading '-' in the unit makes it optional).</summary>
    public const string SystemEnvironmentFile = "/etc/promptcapture/.env";

    /// <summary>
    /// Extra stop time beyond the host's own shutdown timeout: process exit and logging after the drain. systemd's
    /// SIGKILL must never arrive while the host is still draining.
    /// </summary>
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(15);

    /// <summary>The unit text.</summary>
    /// <param name="user">A user unit (systemctl --user) rather than a system unit.</param>
    /// <param name="command">The absolute command line that starts serve, options included.</param>
    /// <param name="runAs">For a system unit, the account it runs as (its home holds llm's logs.db); null to leave User= out.</param>
    /// <param name="dotnetRoot">The .NET install the gateway runs on, so the tool finds it under systemd's bare environment; null to leave it out.</param>
    public static string Render(bool user, IReadOnlyList<string> command, string? runAs, string? dotnetRoot)
    {
        var unit = new StringBuilder();
        var scope = user ? "--user " : "";
        var target = user ? "~/.config/systemd/user/promptcapture.service" : "/etc/systemd/system/promptcapture.service";
        unit.AppendLine($"# PromptCapture as a {(user ? "user" : "system")} service. Install it with:")
            .AppendLine($"#   promptcapture service unit {scope}> {target}")
            .AppendLine($"#   systemctl {scope}daemon-reload && systemctl {scope}enable --now promptcapture")
            .AppendLine($"# Logs: journalctl {(user ? "--user " : "")}-u promptcapture -f")
            .AppendLine($"# Provider keys and PROMPT_CAPTURE_* settings: {(user ? $"{ConfigLocations.DisplayConfigDirectory}/.env" : SystemEnvironmentFile)}")
            .AppendLine()
            .AppendLine("[Unit]")
            .AppendLine("Description=PromptCapture gateway (captures every exchange into llm's logs.db)");
        if (!user)
            unit.AppendLine("Wants=network-online.target").AppendLine("After=network-online.target");
        unit.AppendLine()
            .AppendLine("[Service]")
            .AppendLine("Type=simple")
            .AppendLine("ExecStart=" + string.Join(' ', command.Select(Quote)));
        if (!user && runAs is not null)
            unit.AppendLine("User=" + runAs);
        unit.AppendLine("EnvironmentFile=-" + (user ? "%h/.config/promptcapture/.env" : SystemEnvironmentFile));
        if (dotnetRoot is not null)
            unit.AppendLine("Environment=" + Quote("DOTNET_ROOT=" + dotnetRoot));
        unit.AppendLine("Restart=on-failure")
            .AppendLine("RestartSec=5")
            .AppendLine("KillSignal=SIGTERM")
            .AppendLine($"TimeoutStopSec={(int)(GatewayOptions.ShutdownTimeout + StopMargin).TotalSeconds}")
            .AppendLine()
            .AppendLine("[Install]")
            .AppendLine("WantedBy=" + (user ? "default.target" : "multi-user.target"));
        return unit.ToString();
    }

    /// <summary>
    /// The running gateway as an absolute command: the tool's or apphost's own path, or the dotnet host plus
    /// PromptCapture.dll when it was started as `dotnet PromptCapture.dll`.
    /// </summary>
    public static List<string> Launcher()
    {
        var process = Environment.ProcessPath;
        var assembly = Path.Combine(AppContext.BaseDirectory, "PromptCapture.dll");
        if (process is null)
            return ["/usr/bin/env", "dotnet", assembly];
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? [process, assembly]
            : [process];
    }

    /// <summary>The .NET install this process runs on (three folders above the runtime's own), or null if it cannot be told.</summary>
    public static string? DotnetRoot()
    {
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        return runtime.Parent?.Parent?.Parent is { } root && File.Exists(Path.Combine(root.FullName, "dotnet")) ? root.FullName : null;
    }

    /// <summary>
    /// One word of a systemd command line: % and $ doubled (specifiers and variables are not meant), and quoted
    /// with C-style escapes when it holds a space, a quote, a backslash or a semicolon.
    /// </summary>
    public static string Quote(string word)
    {
        var escaped = word.Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal);
        if (escaped.Length > 0 && !escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';'))
            return escaped;
        return "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
