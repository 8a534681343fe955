using System.Diagnostics;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>The real Claude Code (npm @anthropic-ai/claude-code 2.1.328, which speaks only the Messages API) pointed at the gateway.</summary>
public class ClaudeCodeTests
{
    /// <summary>
    /// `claude -p` with ANTHROPIC_BASE_URL at the gateway and an alias of the fake chat upstream: it prints the upstream's
    /// answer, and the turn is captured as a messages exchange with Claude Code's prompt, user agent and session id.
    /// </summary>
    [Fact]
    public async Task Claude_code_prints_the_upstream_answer_and_the_turn_is_captured()
    {
        await using var h = await GatewayHarness.StartAsync();
        h.Upstream.DefaultReply = new FakeReply { Content = "Claude Code reached the fake upstream." };
        using var home = new TempFolder("pc-claude-");

        var (exit, output) = await RunClaudeAsync(home.Path, h.BaseUrl[..^"/v1".Length], "fake-chat", "Say hello to the gateway");

        exit.Should().Be(0, output);
        output.Should().Contain("Claude Code reached the fake upstream.");
        await h.FlushAsync();
        var rows = Db.Rows(h.DatabasePath, "SELECT front_door, user_agent, session_id FROM prompt_capture_requests");
        rows.Should().NotBeEmpty();
        rows.Should().OnlyContain(r => (string)r["front_door"]! == "messages");
        rows.Should().Contain(r => ((string)r["user_agent"]!).Contains("claude-cli", StringComparison.OrdinalIgnoreCase));
        rows.Should().Contain(r => r["session_id"] != null);
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM turn_search WHERE prompt LIKE '%Say hello to the gateway%'").Should().Be(1L);
        ((long)Db.Scalar(h.DatabasePath, "SELECT count(*) FROM turn_search WHERE response = 'Claude Code reached the fake upstream.'")!).Should().BeGreaterThan(0L);
        h.Upstream.Requests.Should().OnlyContain(r => r.Path.StartsWith("/v1/chat/completions"));
    }

    /// <summary>
    /// The upstream asks Claude Code to Read a file: Claude Code runs the tool and sends its output back as a
    /// tool_result; the gateway hands it upstream as a tool message, and both turns form one llm conversation.
    /// </summary>
    [Fact]
    public async Task Claude_code_tool_round_trip_continues_one_conversation()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var home = new TempFolder("pc-claude-");
        var file = home.File("note.txt");
        await File.WriteAllTextAsync(file, "pelican-note-42");
        var arguments = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["file_path"] = file });
        h.Upstream.Enqueue(new FakeReply { Content = "", ToolCalls = [("call_read_1", "Read", arguments)] });
        h.Upstream.DefaultReply = new FakeReply { Content = "The note says pelican." };

        var (exit, output) = await RunClaudeAsync(home.Path, h.BaseUrl[..^"/v1".Length], "fake-chat", "What does note.txt say?");

        exit.Should().Be(0, output);
        output.Should().Contain("The note says pelican.");
        var replay = h.Upstream.Requests.Select(r => r.Json).Last(j => j.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "tool"));
        var tool = replay.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "tool");
        tool.GetProperty("tool_call_id").GetString().Should().Be("call_read_1");
        tool.GetProperty("content").GetString().Should().Contain("pelican-note-42");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM parts WHERE type = 'tool_call'").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM parts WHERE type = 'tool_result'").Should().Be(1L);
        Db.Scalar(h.DatabasePath, """
            SELECT count(DISTINCT thread_id) FROM turns WHERE id IN (SELECT turn_id FROM turn_search WHERE prompt LIKE '%note.txt%' OR response LIKE '%pelican%')
            """).Should().Be(1L);
    }

    /// <summary>
    /// Claude Code on an alias of an anthropic provider: its request (beta headers, thinking, cache_control and all)
    /// is passed through to a fake Anthropic upstream, whose streamed answer Claude Code prints; the turn is captured.
    /// </summary>
    [Fact]
    public async Task Claude_code_on_a_native_anthropic_alias_is_passed_through()
    {
        await using var native = await NativeGateway.StartAsync();
        var (h, anthropic) = native;
        anthropic.DefaultReply = new FakeReply { Content = "Native Claude answered." };
        using var home = new TempFolder("pc-claude-");

        var (exit, output) = await RunClaudeAsync(home.Path, h.BaseUrl[..^"/v1".Length], "claude-fake", "Say hello natively");

        exit.Should().Be(0, output);
        output.Should().Contain("Native Claude answered.");
        var sent = anthropic.Requests.Last(r => r.Path.StartsWith("/v1/messages") && !r.Path.StartsWith("/v1/messages/count_tokens"));
        sent.Json.GetProperty("model").GetString().Should().Be("claude-upstream-model");
        sent.Headers["authorization"].Should().Be("Bearer " + GatewayHarness.UpstreamKey, "Claude Code's own key stays at the gateway");
        sent.Headers.Should().NotContainKey("x-api-key");
        sent.Body.Should().Contain("Say hello natively");
        await h.FlushAsync();
        Db.Scalar(h.DatabasePath, "SELECT count(*) FROM turn_search WHERE prompt LIKE '%Say hello natively%' AND response = 'Native Claude answered.'").Should().Be(1L);
        Db.Scalar(h.DatabasePath, "SELECT provider FROM prompt_capture_requests LIMIT 1").Should().Be("claude");
    }

    /// <summary>Runs `claude -p PROMPT --model ALIAS` with HOME in a temp folder and only the gateway to talk to; returns exit code and all output.</summary>
    internal static async Task<(int Exit, string Output)> RunClaudeAsync(string home, string gatewayRoot, string alias, string prompt)
    {
        var node = Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "node");
        // The wrapper finds the platform's native binary itself, so the test does not depend on npm having run the
        // package's postinstall (which only copies that binary over a placeholder).
        var wrapper = Path.Combine(node, "node_modules", "@anthropic-ai", "claude-code", "cli-wrapper.cjs");
        var start = new ProcessStartInfo("node", [wrapper, "-p", prompt, "--model", alias])
        {
            WorkingDirectory = home,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        start.Environment["ANTHROPIC_BASE_URL"] = gatewayRoot;
        start.Environment["ANTHROPIC_API_KEY"] = "claude-code-client-key";
        start.Environment["ANTHROPIC_SMALL_FAST_MODEL"] = alias;
        start.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        start.Environment["DISABLE_AUTOUPDATER"] = "1";
        start.Environment.Remove("ANTHROPIC_AUTH_TOKEN");
        start.Environment.Remove("CLAUDE_CONFIG_DIR");
        return await AgentProcess.RunAsync(start, TimeSpan.FromSeconds(120));
    }
}
