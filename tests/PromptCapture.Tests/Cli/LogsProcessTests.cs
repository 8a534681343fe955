using FluentAssertions;
using PromptCapture.Tests.Capture;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>The logs subcommands as a user types them, on a copy of llm's reference database.</summary>
public sealed class LogsProcessTests : IDisposable
{
    private readonly TempDatabase _db = TempDatabase.CopyOfReference();

    /// <summary>Deletes the copy.</summary>
    public void Dispose() => _db.Dispose();

    /// <summary>off, status, on, status: the switch and the report agree, with llm's wording.</summary>
    [Fact]
    public async Task Logs_off_and_on_show_in_logs_status()
    {
        await RunAsync("logs", "off", "--db", _db.Path);
        var off = await RunAsync("logs", "status", "--db", _db.Path);
        await RunAsync("logs", "on", "--db", _db.Path);
        var on = await RunAsync("logs", "status", "--db", _db.Path);

        off.Should().StartWith("Logging is OFF");
        on.Should().StartWith("Logging is ON for all prompts").And.Contain("Number of turns logged:\t\t7");
    }

    /// <summary>PROMPT_CAPTURE_DB is the database every logs subcommand reads when --db is not given, as serve writes it.</summary>
    [Fact]
    public async Task Logs_commands_follow_prompt_capture_db()
    {
        var environment = new Dictionary<string, string> { ["PROMPT_CAPTURE_DB"] = _db.Path };

        (await RunAsync(environment, "logs", "path")).Trim().Should().Be(_db.Path);
        (await RunAsync(environment, "logs", "status")).Should().Contain("Found log database at " + _db.Path);
    }

    /// <summary>-q prints the matches as `logs` prints turns; -n limits them.</summary>
    [Fact]
    public async Task Logs_query_prints_matching_turns()
    {
        var output = await RunAsync("logs", "-q", "Percy", "-n", "1", "--db", _db.Path);

        output.Should().Contain("## Prompt").And.Contain("Percy");
        output.Split("## Prompt").Length.Should().Be(2, "one match was asked for");
    }

    /// <summary>A broken query exits 1 with llm's pointer to the FTS5 syntax.</summary>
    [Fact]
    public async Task Logs_query_with_bad_syntax_exits_one()
    {
        await using var process = GatewayProcess.Start(_db.Directory, null, "logs", "-q", "\"open", "--db", _db.Path);

        (await process.WaitForExitAsync()).Should().Be(1);
        process.Output.Should().Contain("Invalid search query: unterminated string").And.Contain("fts5.html");
    }

    /// <summary>Each logs subcommand's help shows examples.</summary>
    [Theory]
    [InlineData("status")]
    [InlineData("on")]
    [InlineData("off")]
    [InlineData("path")]
    public async Task Logs_subcommand_help_shows_examples(string subcommand)
    {
        var help = await RunAsync("logs", subcommand, "--help");

        help.Should().Contain("Examples:").And.Contain($"promptcapture logs {subcommand}");
    }

    /// <summary>Runs the gateway's CLI in the database's folder; it must exit 0.</summary>
    private Task<string> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    /// <summary>Runs the gateway's CLI with extra environment; it must exit 0.</summary>
    private async Task<string> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        await using var process = GatewayProcess.Start(_db.Directory, environment, arguments);
        (await process.WaitForExitAsync()).Should().Be(0, process.Output);
        return process.Output;
    }
}
