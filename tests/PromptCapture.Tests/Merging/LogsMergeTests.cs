using System.Text.Json;
using FluentAssertions;
using PromptCapture.Capture.Store.Merging;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Exchange;
using PromptCapture.Tests.Capture;
using PromptCapture.Tests.Cli;
using PromptCapture.Tests.Fakes;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Merging;

/// <summary>`merge` of logs databases: idempotent, conversations across instances whole, llm's rows and ours carried over.</summary>
public sealed class LogsMergeTests : IDisposable
{
    /// <summary>A folder for this test's files.</summary>
    private readonly TempFolder _folder = new("pc-merge-");

    /// <summary>Instance A's database.</summary>
    private string A => Path.Combine(_folder.Path, "a.db");

    /// <summary>Instance B's database.</summary>
    private string B => Path.Combine(_folder.Path, "b.db");

    /// <summary>The merge target.</summary>
    private string Target => Path.Combine(_folder.Path, "logs.db");

    /// <summary>The gateway-written fixture (tools, attachments, schema, reasoning, options).</summary>
    private static string GatewayFixture => Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "Fixtures", "llm-0.32-on-gateway-db", "gateway.db");

    /// <summary>
    /// A conversation a load balancer spread over two instances: turn 1 and 3 on A (which continues its thread), turn 2
    /// on B, which saw the history for the first time and started a thread of its own.
    /// </summary>
    private void WriteSplitConversation()
    {
        var at = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        MergeFiles.Write(A, Turn([User("Name a pelican")], Assistant("Percy"), startedUtc: at));
        MergeFiles.Write(B, Turn([User("Name a pelican"), Assistant("Percy"), User("And a walrus?")], Assistant("Wallace"), startedUtc: at.AddSeconds(1)));
        MergeFiles.Write(A, Turn([User("Name a pelican"), Assistant("Percy"), User("And a walrus?"), Assistant("Wallace"), User("A seal?")],
            Assistant("Sid"), startedUtc: at.AddSeconds(2)));
    }

    /// <summary>The three turns, written by two instances, read back by llm's view as one conversation in order.</summary>
    [Fact]
    public void Conversation_served_by_two_instances_becomes_one_thread()
    {
        WriteSplitConversation();

        var report = new LogsMerger().Merge([A, B], Target);

        report.TurnsAdded.Should().Be(3);
        report.ThreadsJoined.Should().Be(1);
        Db.Rows(Target, "SELECT count(*) AS n FROM threads")[0]["n"].Should().Be(1L);
        var reader = new LogReader(Target);
        var conversation = reader.Read(new LogQuery { ConversationId = reader.CurrentConversationId(), Count = 0 });
        conversation.Select(e => e.Response).Should().Equal("Percy", "Wallace", "Sid");
        conversation.Select(e => e.Prompt).Should().Equal("Name a pelican", "And a walrus?", "A seal?");
        Db.Rows(Target, "SELECT t.tip_message_hash = (SELECT tip_message_hash FROM turns ORDER BY id DESC LIMIT 1) AS ok FROM threads t")[0]["ok"].Should().Be(1L);
    }

    /// <summary>
    /// A reasoning model's answer comes back from the client without its reasoning, so the second instance stored a
    /// differently hashed copy; the first instance's echo alias still joins the halves into one thread.
    /// </summary>
    [Fact]
    public void Conversation_joins_through_an_answer_echoed_without_its_reasoning()
    {
        MergeFiles.Write(A, Turn([User("Think of a pelican name")], Reasoned("Pelicans are dignified.", "Percy")));
        MergeFiles.Write(B, Turn([User("Think of a pelican name"), Assistant("Percy"), User("And a walrus?")], Assistant("Wallace")));

        var report = new LogsMerger().Merge([A, B], Target);

        report.ThreadsJoined.Should().Be(1);
        Db.Rows(Target, "SELECT count(*) AS n FROM threads")[0]["n"].Should().Be(1L);
        new LogReader(Target).ReadLatest(0).Select(e => e.Response).Should().Equal("Percy", "Wallace");
    }

    /// <summary>
    /// The second instance got the history with a different second question than the first instance's thread went on
    /// with: it stays a thread of its own, recorded as a fork of the first, as llm records a branched conversation.
    /// </summary>
    [Fact]
    public void A_history_that_went_another_way_becomes_a_fork()
    {
        MergeFiles.Write(A, Turn([User("Name a pelican")], Assistant("Percy")),
            Turn([User("Name a pelican"), Assistant("Percy"), User("And a walrus?")], Assistant("Wallace")));
        MergeFiles.Write(B, Turn([User("Name a pelican"), Assistant("Percy"), User("And a seal?")], Assistant("Sid")));

        var report = new LogsMerger().Merge([A, B], Target);

        report.ThreadsJoined.Should().Be(0);
        var threads = Db.Rows(Target, "SELECT id, forked_from FROM threads ORDER BY id");
        threads.Should().HaveCount(2);
        threads[1]["forked_from"].Should().Be(threads[0]["id"]);
        Db.Rows(Target, "SELECT count(*) AS n FROM turns WHERE thread_id = $t".Replace("$t", $"'{threads[0]["id"]}'"))[0]["n"].Should().Be(2L);
    }

    /// <summary>Merging the instances one run at a time, the later half first, still ends in one thread.</summary>
    [Fact]
    public void Merging_the_instances_in_separate_runs_in_any_order_ends_in_one_thread()
    {
        WriteSplitConversation();

        new LogsMerger().Merge([B], Target);
        new LogsMerger().Merge([A], Target);

        Db.Rows(Target, "SELECT count(*) AS n FROM threads")[0]["n"].Should().Be(1L);
        Db.Rows(Target, "SELECT count(*) AS n FROM turns")[0]["n"].Should().Be(3L);
        new LogReader(Target).ReadLatest(0).Select(e => e.Response).Should().Equal("Percy", "Wallace", "Sid");
    }

    /// <summary>A second run over the same files changes not one row, FTS shadow tables included.</summary>
    [Fact]
    public void Merging_twice_gives_the_same_database()
    {
        WriteSplitConversation();
        File.Copy(GatewayFixture, Path.Combine(_folder.Path, "gateway.db"));
        string[] sources = [A, B, Path.Combine(_folder.Path, "gateway.db"), ReferenceFiles.Database];

        new LogsMerger().Merge(sources, Target);
        var first = MergeFiles.Dump(Target);
        var again = new LogsMerger(batchSize: 7).Merge(sources, Target);

        MergeFiles.Dump(Target).Should().Be(first);
        again.TurnsAdded.Should().Be(0);
        again.MessagesAdded.Should().Be(0);
        again.ResponsesAdded.Should().Be(0);
        again.TurnsKnown.Should().BeGreaterThan(10);
    }

    /// <summary>llm's own reference.db merged into a new file: `logs --json -n 0` prints exactly what llm printed for the original.</summary>
    [Fact]
    public void Llms_own_database_merges_into_one_llm_shows_unchanged()
    {
        new LogsMerger().Merge([ReferenceFiles.Database], Target);

        new LogReader(Target).ReadLatestJson(0).Trim()
            .Should().Be(File.ReadAllText(Path.Combine(ReferenceFiles.Directory, "reference-logs-all.json")).Trim());
        MergeFiles.IntegrityProblems(Target).Should().BeEmpty();
    }

    /// <summary>
    /// The gateway fixture and llm's reference merged together: each source's turns read back as they did alone,
    /// hashes re-derive under python3 as llm's verify() would, and SQLite's and FTS5's checks pass.
    /// </summary>
    [Fact]
    public void Gateway_and_llm_databases_merge_into_a_file_llm_reads_as_its_own()
    {
        new LogsMerger().Merge([GatewayFixture, ReferenceFiles.Database], Target);

        var merged = Entries(Target);
        merged.Should().BeEquivalentTo(Entries(GatewayFixture).Concat(Entries(ReferenceFiles.Database)));
        JsonSerializer.Deserialize<string[]>(PythonRunner.RunOnFile(PythonVerifyTests.Verifier, Target)).Should().BeEmpty();
        MergeFiles.IntegrityProblems(Target).Should().BeEmpty();
        new LogReader(Target).Search("Paris", 0, latest: false).Should().NotBeEmpty();
    }

    /// <summary>
    /// A database's `logs --json -n 0` objects, with the INTEGER ids of tools left out: tools are shared by hash, so a
    /// second source's tools are numbered after the first's.
    /// </summary>
    private static List<string> Entries(string path) =>
        JsonDocument.Parse(new LogReader(path).ReadLatestJson(0)).RootElement.EnumerateArray()
            .Select(e => System.Text.RegularExpressions.Regex.Replace(e.GetRawText(), "\"(id|tool_id)\": [0-9]+", "\"$1\": 0")).ToList();

    /// <summary>
    /// llm 0.31's rows (a response with a conversation, a tool and a tool call), which llm 0.32 still shows, come along
    /// once: the legacy full-text index finds them, and the tool id is mapped to the target's numbering.
    /// </summary>
    [Fact]
    public void Legacy_responses_come_along_once_with_their_tool_calls()
    {
        MergeFiles.Write(Target, Turn([User("already here")], Assistant("yes")), Turn([User("weather?")], Assistant("sunny"), tools: [WeatherTool]));
        MergeFiles.Write(A);
        using (var connection = MergeFiles.Open(A))
        {
            connection.Execute(null, "INSERT INTO conversations (id, name, model) VALUES ('01j0000000000000000000conv', 'old chat', 'gpt-4o')");
            connection.Execute(null, """
                INSERT INTO tools (hash, name, description, input_schema, plugin) VALUES ('legacyhash', 'lookup', 'Looks up.', '{}', NULL)
                """);
            connection.Execute(null, """
                INSERT INTO responses (id, model, prompt, system, prompt_json, options_json, response, response_json, conversation_id,
                    duration_ms, datetime_utc, input_tokens, output_tokens)
                VALUES ('01j0000000000000000000resp', 'gpt-4o', 'an old walrus question', NULL, NULL, '{}', 'an old answer', NULL,
                    '01j0000000000000000000conv', 5, '2024-06-01T10:00:00', 3, 4)
                """);
            connection.Execute(null, """
                INSERT INTO tool_calls (response_id, tool_id, name, arguments, tool_call_id)
                VALUES ('01j0000000000000000000resp', (SELECT id FROM tools WHERE hash = 'legacyhash'), 'lookup', '{}', 'call_1')
                """);
            PromptCapture.Capture.Store.Writing.SqliteCommands.ForgetPrepared(connection);
        }

        var first = new LogsMerger().Merge([A], Target);
        var second = new LogsMerger().Merge([A], Target);

        first.ResponsesAdded.Should().Be(1);
        second.ResponsesAdded.Should().Be(0);
        Db.Rows(Target, "SELECT count(*) AS n FROM tool_calls")[0]["n"].Should().Be(1L);
        Db.Rows(Target, "SELECT t.hash FROM tool_calls c JOIN tools t ON t.id = c.tool_id")[0]["hash"].Should().Be("legacyhash");
        Db.Rows(Target, "SELECT count(*) AS n FROM responses_fts WHERE responses_fts MATCH 'walrus'")[0]["n"].Should().Be(1L);
        Db.Rows(Target, "SELECT r.response, c.name FROM responses r JOIN conversations c ON c.id = r.conversation_id").Single()["name"].Should().Be("old chat");
        MergeFiles.IntegrityProblems(Target).Should().BeEmpty();
    }

    /// <summary>Attachments, our request rows (who asked, through which front door) and captured failures come along.</summary>
    [Fact]
    public void Attachments_request_rows_and_failures_come_along()
    {
        var request = new List<ExchangeMessage>
        {
            new("user", [new ExchangePart(ExchangePartKind.Text, "see"), new ExchangePart(ExchangePartKind.Attachment, MimeType: "image/png", Content: [1, 2, 3])]),
        };
        MergeFiles.Write(A, Turn(request, Assistant("a png"), client: new ExchangeClient("responses", "agent-a/1", "10.0.0.1", true, "resp_1")));
        MergeFiles.Write(B, Turn([User("boom")], null) with { Outcome = PromptCapture.Capture.CaptureOutcome.Failed, HttpStatus = 502 });

        var report = new LogsMerger().Merge([A, B], Target);

        report.AttachmentsAdded.Should().Be(1);
        report.FailuresAdded.Should().Be(1);
        Db.Rows(Target, "SELECT content FROM attachments")[0]["content"].Should().BeEquivalentTo(new byte[] { 1, 2, 3 });
        var requestRow = Db.Rows(Target, "SELECT user_agent, front_door, request_id FROM prompt_capture_requests").Single();
        requestRow["front_door"].Should().Be("responses");
        requestRow["request_id"].Should().Be("resp_1");
        Db.Rows(Target, "SELECT count(*) AS n FROM prompt_capture_failures")[0]["n"].Should().Be(1L);
        new LogReader(Target).ReadLatest(0).Single().Attachments.Should().HaveCount(1);
    }

    /// <summary>A gateway keeps writing the target during the merge; both finish and every turn of both is there once.</summary>
    [Fact]
    public async Task Merge_runs_while_a_gateway_writes_the_target()
    {
        File.Copy(GatewayFixture, A);
        MergeFiles.Write(Target, Turn([User("first")], Assistant("one")));
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
                MergeFiles.Write(Target, Turn([User("live " + i)], Assistant("answer " + i)));
        });

        var merge = Task.Run(() => new LogsMerger(batchSize: 3).Merge([A], Target));
        await Task.WhenAll(writer, merge);

        var sourceTurns = (long)Db.Rows(A, "SELECT count(*) AS n FROM turns")[0]["n"]!;
        Db.Rows(Target, "SELECT count(*) AS n FROM turns")[0]["n"].Should().Be(sourceTurns + 201);
        MergeFiles.IntegrityProblems(Target).Should().BeEmpty();
    }

    /// <summary>The command line: a summary on success, a clear error (exit 1) for a file that is not an llm database.</summary>
    [Fact]
    public async Task Merge_command_reports_what_it_did_and_refuses_foreign_files()
    {
        WriteSplitConversation();
        var foreign = Path.Combine(_folder.Path, "other.db");
        using (var connection = MergeFiles.Open(foreign))
            PromptCapture.Capture.Store.Writing.SqliteCommands.Execute(connection, null, "CREATE TABLE notes (x TEXT)");

        var ok = await CliRun.RunAsync(_folder.Path, null, "merge", A, B, "--into", Target);
        var bad = await CliRun.RunAsync(_folder.Path, null, "merge", foreign, "--into", Target);
        var help = await CliRun.RunAsync(_folder.Path, null, "merge", "--help");

        ok.ExitCode.Should().Be(0, ok.Stderr);
        ok.Stdout.Should().Contain("3 turns added").And.Contain("1 joined across instances");
        bad.ExitCode.Should().Be(1);
        bad.Stderr.Should().Contain("other.db is not an llm logs database");
        help.Stdout.Should().Contain("promptcapture merge gw1.db gw2.db --into logs.db");
    }

    /// <summary>Removes the folder.</summary>
    public void Dispose() => _folder.Dispose();
}
