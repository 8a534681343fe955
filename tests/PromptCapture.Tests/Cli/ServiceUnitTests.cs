using System.Diagnostics;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>`service unit` as a user runs it: the printed text must be a unit systemd accepts, starting this gateway's serve.</summary>
public sealed class ServiceUnitTests : IDisposable
{
    private readonly TempFolder _temp = new("pc-unit-");

    /// <summary>The working folder `service unit` runs in; relative paths are made absolute from it.</summary>
    private string Folder => _temp.Path;

    /// <summary>Deletes the working folder.</summary>
    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// A user unit carries the options given after --, with a relative --db made absolute (the service does not run in
    /// this folder), and stops gently: SIGTERM and more time than the host's 30 s drain.
    /// </summary>
    [Fact]
    public async Task User_unit_starts_serve_with_the_passed_options()
    {
        var unit = UnitFile.Parse(await PrintUnitAsync("--user", "--", "--port", "11499", "--db", "captures.db", "--no-log"));

        unit.Sections.Should().Equal("Unit", "Service", "Install");
        var execStart = unit.Value("Service", "ExecStart")!;
        Path.IsPathRooted(execStart.Split(' ')[0]).Should().BeTrue(execStart);
        execStart.Should().Contain(" serve --port 11499 --db " + Path.Combine(Folder, "captures.db") + " --no-log");
        unit.Value("Service", "Restart").Should().Be("on-failure");
        unit.Value("Service", "KillSignal").Should().Be("SIGTERM");
        int.Parse(unit.Value("Service", "TimeoutStopSec")!, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(30);
        unit.Value("Service", "EnvironmentFile").Should().Be("-%h/.config/promptcapture/.env");
        unit.Value("Service", "User").Should().BeNull("a user unit runs as its user already");
        unit.Value("Install", "WantedBy").Should().Be("default.target");
    }

    /// <summary>A system unit reads /etc/promptcapture/.env, waits for the network and runs as the account asked for.</summary>
    [Fact]
    public async Task System_unit_reads_etc_env_file_and_runs_as_the_given_account()
    {
        var unit = UnitFile.Parse(await PrintUnitAsync("--run-as", "alice", "--", "--host", "0.0.0.0", "--api-key", "k1"));

        unit.Value("Service", "ExecStart").Should().EndWith(" serve --host 0.0.0.0 --api-key k1");
        unit.Value("Service", "EnvironmentFile").Should().Be("-/etc/promptcapture/.env");
        unit.Value("Service", "User").Should().Be("alice");
        unit.Value("Unit", "After").Should().Be("network-online.target");
        unit.Value("Install", "WantedBy").Should().Be("multi-user.target");
    }

    /// <summary>A word with a space or a % is quoted and escaped so systemd splits and expands it as the user meant.</summary>
    [Fact]
    public async Task Paths_with_spaces_and_percent_are_quoted_for_systemd()
    {
        var unit = UnitFile.Parse(await PrintUnitAsync("--user", "--", "--db", "my logs/100%.db"));

        unit.Value("Service", "ExecStart").Should().EndWith($" serve --db \"{Path.Combine(Folder, "my logs", "100%%.db")}\"");
    }

    /// <summary>An option serve does not know is refused when the unit is made, not when systemd first starts it.</summary>
    [Fact]
    public async Task Unknown_serve_option_is_refused()
    {
        await using var process = GatewayProcess.Start(Folder, null, "service", "unit", "--", "--prot", "1");

        (await process.WaitForExitAsync()).Should().Be(2);
        process.Output.Should().Contain("--prot");
    }

    /// <summary>systemd's own checker accepts both units where it can run (it needs no running systemd for a system unit file).</summary>
    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_units()
    {
        if (!File.Exists("/usr/bin/systemd-analyze") && !File.Exists("/bin/systemd-analyze"))
            return; // not every machine has systemd; the parse tests above still run
        foreach (var scope in new[] { "--user", "--run-as=root" })
        {
            var path = Path.Combine(Folder, scope.TrimStart('-').Split('=')[0], "promptcapture.service");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, await PrintUnitAsync(scope, "--", "--port", "11499"));
            var verify = new ProcessStartInfo("systemd-analyze") { RedirectStandardError = true, RedirectStandardOutput = true };
            verify.ArgumentList.Add("verify");
            verify.ArgumentList.Add(path);
            using var run = Process.Start(verify)!;
            var errors = await run.StandardError.ReadToEndAsync();
            await run.WaitForExitAsync();

            run.ExitCode.Should().Be(0, errors);
            errors.Trim().Should().BeEmpty("systemd warns about lines it ignores on stderr");
        }
    }

    /// <summary>Runs `service unit` with the arguments and returns what it printed; it must succeed.</summary>
    private async Task<string> PrintUnitAsync(params string[] arguments)
    {
        await using var process = GatewayProcess.Start(Folder, null, ["service", "unit", .. arguments]);
        (await process.WaitForExitAsync()).Should().Be(0, process.Output);
        return process.Output;
    }
}
