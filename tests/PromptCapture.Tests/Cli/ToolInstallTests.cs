using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>
/// The installed tool in a folder with no providers.json and no .env, as on a fresh machine: it must work with the
/// providers.json packed inside it.
/// </summary>
public sealed class ToolInstallTests(InstalledTool tool) : IClassFixture<InstalledTool>, IDisposable
{
    private readonly TempFolder _temp = new("pc-tool-cwd-");

    /// <summary>The empty working folder the tool runs in.</summary>
    private string Folder => _temp.Path;

    /// <summary>Deletes the working folder.</summary>
    public void Dispose() => _temp.Dispose();

    /// <summary>The version line names the commit the package was built from (when the repository has git).</summary>
    [Fact]
    public async Task Version_prints_version_and_commit()
    {
        await using var process = Run("--version");

        (await process.WaitForExitAsync()).Should().Be(0, process.Output);
        process.Output.Should().StartWith("promptcapture 0.1.0 (commit ");
        if (GitHead() is { } head)
            process.Output.Should().Contain(head);
    }

    /// <summary>models lists the shipped providers.json's aliases, echo included, from an empty folder.</summary>
    [Fact]
    public async Task Models_lists_the_shipped_aliases()
    {
        await using var process = Run("models");

        (await process.WaitForExitAsync()).Should().Be(0, process.Output);
        process.Output.Should().Contain("deepseek-chat (default)").And.Contain("echo");
    }

    /// <summary>serve answers the shipped echo alias to a raw HTTP client and exits 0 on SIGTERM, as under systemd.</summary>
    [Fact]
    public async Task Serve_answers_echo_and_exits_zero_on_sigterm()
    {
        var db = Path.Combine(Folder, "logs.db");
        await using var gateway = Run("serve", "--port", "0", "--db", db);
        var address = await gateway.WaitForAddressAsync();
        using var http = new HttpClient { BaseAddress = new Uri(address.Replace("/v1", "")) };

        var answer = await http.PostChatAsync(Requests.Simple("echo", "hello from the tool"));
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        gateway.Terminate();
        var exitCode = await gateway.WaitForExitAsync();

        body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("hello from the tool");
        exitCode.Should().Be(0, gateway.Output);
        Db.Scalar(db, "select count(*) from turns").Should().Be(1L, "the drain on SIGTERM wrote the capture");
    }

    /// <summary>The unit printed by the installed tool starts the tool itself, not a build folder.</summary>
    [Fact]
    public async Task Service_unit_starts_the_installed_tool()
    {
        await using var process = Run("service", "unit", "--user");

        (await process.WaitForExitAsync()).Should().Be(0, process.Output);
        UnitFile.Parse(process.Output).Value("Service", "ExecStart").Should().Be(tool.Executable + " serve");
    }

    /// <summary>Runs the installed tool in the empty working folder, with llm's home there too so nothing touches the real one.</summary>
    private GatewayProcess Run(params string[] arguments)
    {
        var environment = new Dictionary<string, string>(tool.Environment)
        {
            ["LLM_USER_PATH"] = Path.Combine(Folder, "llm"),
            ["XDG_CONFIG_HOME"] = Path.Combine(Folder, "config"),
        };
        return GatewayProcess.StartExecutable(tool.Executable, Folder, environment, arguments);
    }

    /// <summary>The repository's HEAD commit, or null without git.</summary>
    private static string? GitHead()
    {
        try
        {
            var start = new ProcessStartInfo("git", ["rev-parse", "HEAD"]) { WorkingDirectory = RepoRoot.Find(), RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start)!;
            var head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? head : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
