using System.Diagnostics;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Responses;

/// <summary>The real Codex CLI (npm @openai/codex 0.169.0, whose only wire API is responses) pointed at the gateway.</summary>
public class CodexCliTests
{
    /// <summary>
    /// `codex exec` with a model_providers entry whose base_url is the gateway: it prints the upstream's answer and the
    /// turn is captured as a responses exchange with Codex's prompt in it.
    /// </summary>
    [Fact]
    public async Task Codex_exec_prints_the_upstream_answer_and_the_turn_is_captured()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "Codex reached the fake upstream." };
        using var home = new TempFolder("pc-codex-");
        await File.WriteAllTextAsync(Path.Combine(home.Path, "config.toml"), $"""
            model = "fake-chat"
            model_provider = "promptcapture"

            [model_providers.promptcapture]
            name = "PromptCapture"
            base_url = "{h.BaseUrl}"
            wire_api = "responses"
            request_max_retries = 0
            stream_max_retries = 0
            """);

        var (exit, output) = await RunCodexAsync(home.Path, "Say hello to the gateway");

        exit.Should().Be(0, output);
        output.Should().Contain("Codex reached the fake upstream.");
        await h.FlushAsync();
        var row = Db.Rows(h.DatabasePath, "SELECT front_door, user_agent FROM prompt_capture_requests").Should().ContainSingle().Subject;
        row["front_door"].Should().Be("responses");
        ((string)row["user_agent"]!).Should().Contain("codex");
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM turn_search WHERE prompt LIKE '%Say hello to the gateway%'").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT response FROM turn_search").Should().Be("Codex reached the fake upstream.");
    }

    /// <summary>Runs `codex exec --skip-git-repo-check PROMPT` with CODEX_HOME in a temp folder; returns exit code and all output.</summary>
    private static async Task<(int Exit, string Output)> RunCodexAsync(string codexHome, string prompt)
    {
        var node = Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "node");
        var start = new ProcessStartInfo(Path.Combine(node, "node_modules", ".bin", "codex"), ["exec", "--skip-git-repo-check", prompt])
        {
            WorkingDirectory = codexHome,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CODEX_HOME"] = codexHome;
        start.Environment["HOME"] = codexHome;
        start.Environment.Remove("OPENAI_API_KEY");
        return await AgentProcess.RunAsync(start, TimeSpan.FromSeconds(120));
    }
}
