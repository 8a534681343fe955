using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using PromptCapture.Tests.Capture;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>
/// `logs` against what llm 0.32 itself printed, byte for byte: on llm's reference.db (Fixtures/llm-0.32) and on a
/// database the gateway's writer made (Fixtures/llm-0.32-on-gateway-db, printed by llm 0.32 run from source).
/// </summary>
public sealed partial class LogsParityTests
{
    /// <summary>The gateway-written database and llm's outputs for it.</summary>
    private static readonly string GatewayFixtures = Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "Fixtures", "llm-0.32-on-gateway-db");

    /// <summary>Each listing llm printed for reference.db: last three, all with usage, current conversation, one conversation, JSON.</summary>
    [Theory]
    [InlineData("reference-logs.md", "logs")]
    [InlineData("reference-logs-all.md", "logs", "-n", "0", "-u")]
    [InlineData("reference-logs-c.md", "logs", "-c")]
    [InlineData("reference-logs-cid.md", "logs", "--cid", "01m89n3297anqmy3kc166f2512")]
    [InlineData("reference-logs.json", "logs", "--json")]
    [InlineData("reference-logs-all.json", "logs", "list", "--json", "-n", "0")]
    public async Task Logs_prints_what_llm_printed_for_the_reference_database(string expectedFile, params string[] arguments)
    {
        using var db = TempDatabase.CopyOfReference();

        var output = await LogsAsync(db, arguments);

        output.Should().Be(await File.ReadAllTextAsync(Path.Combine(ReferenceFiles.Directory, expectedFile)));
    }

    /// <summary>
    /// The gateway's own rows (tools, several tool rounds, fenced outputs with backticks, non-JSON arguments, attachments,
    /// schema, reasoning, options of every JSON kind, thousands in token counts) read as llm reads them, once our
    /// request rows are out of the way.
    /// </summary>
    [Theory]
    [InlineData("logs-all-u.md", "logs", "-n", "0", "-u")]
    [InlineData("logs-all.json", "logs", "--json", "-n", "0")]
    [InlineData("logs-c.md", "logs", "-c")]
    [InlineData("logs-q-paris.md", "logs", "-q", "Paris", "-n", "0")]
    public async Task Logs_prints_what_llm_printed_for_a_gateway_written_database(string expectedFile, params string[] arguments)
    {
        using var db = CopyOfGatewayDatabase(dropOurRows: true);

        var output = await LogsAsync(db, arguments);

        output.Should().Be(await File.ReadAllTextAsync(Path.Combine(GatewayFixtures, expectedFile)));
    }

    /// <summary>With our request rows present each turn gains one Client line, and nothing else differs from llm's Markdown.</summary>
    [Fact]
    public async Task Captured_turns_add_only_a_client_line_to_llms_markdown()
    {
        using var db = CopyOfGatewayDatabase(dropOurRows: false);

        var output = await LogsAsync(db, "logs", "-n", "0", "-u");

        ClientLine().Matches(output).Should().HaveCount(10).And.OnlyContain(m => m.Value == "Client: `test-agent/1.0`\n\n");
        ClientLine().Replace(output, "").Should().Be(await File.ReadAllTextAsync(Path.Combine(GatewayFixtures, "logs-all-u.md")));
    }

    /// <summary>With our request rows present each object gains a last key, prompt_capture; llm's keys are untouched.</summary>
    [Fact]
    public async Task Captured_turns_add_only_a_prompt_capture_key_to_llms_json()
    {
        using var db = CopyOfGatewayDatabase(dropOurRows: false);

        var ours = JsonNode.Parse(await LogsAsync(db, "logs", "--json", "-n", "0"))!.AsArray();
        var llms = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(GatewayFixtures, "logs-all.json")))!.AsArray();

        ours.Should().HaveCount(llms.Count);
        foreach (var (row, expected) in ours.Zip(llms))
        {
            var obj = row!.AsObject();
            obj.Last().Key.Should().Be("prompt_capture");
            obj["prompt_capture"]!.ToJsonString().Should().Be("""{"user_agent":"test-agent/1.0","front_door":null}""");
            obj.Remove("prompt_capture");
            obj.Select(p => p.Key).Should().Equal(expected!.AsObject().Select(p => p.Key));
            JsonNode.DeepEquals(obj, expected).Should().BeTrue();
        }
    }

    /// <summary>-c on a database with no turns fails as llm's does, without a stack trace.</summary>
    [Fact]
    public async Task Current_conversation_of_an_empty_database_is_an_error()
    {
        using var db = new TempDatabase();
        using (var connection = db.Open())
            PromptCapture.Capture.Store.Schema.LlmSchema.Ensure(connection);

        var (exitCode, stdout, stderr) = await CliRun.RunAsync(db.Directory, null, "logs", "-c", "--db", db.Path);

        exitCode.Should().Be(1);
        stdout.Should().BeEmpty();
        stderr.Should().Be("error: No conversations found\n");
    }

    /// <summary>Runs a logs listing on the copy; it must exit 0.</summary>
    private static async Task<string> LogsAsync(TempDatabase db, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await CliRun.RunAsync(db.Directory, null, [.. arguments, "--db", db.Path]);
        exitCode.Should().Be(0, stderr);
        return stdout;
    }

    /// <summary>A copy of the gateway-written fixture, with or without our prompt_capture_requests rows.</summary>
    private static TempDatabase CopyOfGatewayDatabase(bool dropOurRows)
    {
        var db = new TempDatabase();
        File.Copy(Path.Combine(GatewayFixtures, "gateway.db"), db.Path);
        if (dropOurRows)
        {
            using var connection = db.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE prompt_capture_requests";
            command.ExecuteNonQuery();
        }
        return db;
    }

    /// <summary>Our one addition to a turn's Markdown.</summary>
    [GeneratedRegex("Client: [^\n]*\n\n")]
    private static partial Regex ClientLine();
}
