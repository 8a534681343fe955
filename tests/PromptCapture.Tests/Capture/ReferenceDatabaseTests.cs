using FluentAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>Checks against the database llm 0.32 wrote itself: its hashes, and that opening it keeps it intact.</summary>
public class ReferenceDatabaseTests
{
    /// <summary>Every message hash in reference db is rederived from its rows.</summary>
    [Fact]
    public void Every_message_hash_in_reference_db_is_rederived_from_its_rows()
    {
        using var db = TempDatabase.CopyOfReference();
        using var connection = db.Open();
        var messages = connection.Query(null, "SELECT hash, parent_hash, role FROM messages");
        messages.Should().NotBeEmpty();
        foreach (var row in messages)
        {
            var parts = connection.Query(null,
                "SELECT type, text, payload FROM parts WHERE message_hash = $h ORDER BY position", ("$h", row[0]));
            var partDicts = parts.Select(p => (object?)PartDict(connection, p)).ToList();
            var message = new PyDict { ["role"] = row[2], ["parts"] = partDicts };
            MessageHasher.HashDict(message, row[1] as string).Should().Be((string)row[0]!);
        }
    }

    /// <summary>Rebuilds a part's to_dict from its row as llm's reader does, attachments in hashing form.</summary>
    private static PyDict PartDict(SqliteConnection connection, object?[] part)
    {
        var dict = new PyDict { ["type"] = part[0] };
        if (part[1] is string text) dict["text"] = text;
        if (part[2] is string payload)
        {
            foreach (var property in PythonJson.Parse(payload).EnumerateObject())
                dict[property.Name] = property.Value;
        }
        if (dict["attachment"] is System.Text.Json.JsonElement attachment)
        {
            var id = attachment.GetProperty("id").GetString();
            var type = connection.Scalar(null, "SELECT type FROM attachments WHERE id = $id", ("$id", id));
            dict["attachment"] = new PyDict { ["id"] = id, ["type"] = type };
        }
        return dict;
    }

    /// <summary>Opening reference db keeps every llm row and adds ours beside.</summary>
    [Fact]
    public void Opening_reference_db_keeps_every_llm_row_and_adds_ours_beside()
    {
        using var db = TempDatabase.CopyOfReference();
        Dictionary<string, List<string>> before;
        using (var connection = db.Open())
            before = SchemaDump.AllRows(connection);

        using (var connection = db.Open())
        {
            LlmSchema.Ensure(connection).Should().Be(SchemaState.AlreadyCurrent);
            new LlmLogWriter(connection).WriteBatch([Records.Turn([Records.User("Suggest a name for a pet pelican")], Records.Assistant("Pelly"))]);
        }

        using (var connection = db.Open())
        {
            var after = SchemaDump.AllRows(connection);
            foreach (var (table, rows) in before)
            {
                // FTS5 rewrites its own index blocks on every insert; the index is checked by querying it below.
                if (table.StartsWith("turn_search_fts_", StringComparison.Ordinal))
                    continue;
                if (table is "messages" or "parts" or "threads" or "turns" or "turn_search")
                    after[table].Should().Contain(rows, $"llm's rows in {table} stay");
                else
                    after[table].Should().Equal(rows, $"{table} is untouched");
            }
            after.Keys.Should().Contain(["prompt_capture_requests", "prompt_capture_failures", "prompt_capture_message_aliases"]);
            connection.Scalar(null, "SELECT count(*) FROM turns").Should().Be(8L);
            connection.Scalar(null, "SELECT count(*) FROM turn_search_fts WHERE turn_search_fts MATCH 'walrus'").Should().Be(1L, "llm's rows stay searchable");
            connection.Scalar(null, "SELECT count(*) FROM turn_search_fts WHERE turn_search_fts MATCH 'pelly'").Should().Be(1L);
            // The first user message is llm's own row, reused rather than rewritten.
            connection.Scalar(null, "SELECT count(*) FROM messages WHERE hash = 'b2:d6b0cd4e7a65ea90423c50fadb3f5704'").Should().Be(1L);
        }
    }

    /// <summary>The background store on llm's own file (WAL switch included) keeps llm's rows and threads ours beside them.</summary>
    [Fact]
    public async Task Capture_store_on_reference_db_keeps_llms_rows()
    {
        using var db = TempDatabase.CopyOfReference();
        Dictionary<string, List<string>> before;
        using (var connection = db.Open())
            before = SchemaDump.AllRows(connection);

        var store = new CaptureStore(new CaptureStoreOptions { DatabasePath = db.Path }, NullLogger<CaptureStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        // Continues llm's own pelican conversation: the resent history matches llm's hashes.
        store.Submit(Records.Turn([Records.User("Suggest a name for a pet pelican"), Records.Assistant("How about Percy? Pelicans suit a dignified name."),
            Records.User("Now one for a pet walrus"), Records.Assistant("Wallace. It pairs nicely with Percy."), Records.User("And a seal?")], Records.Assistant("Sally.")));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await store.StopAsync(deadline.Token);
        await store.DisposeAsync();
        store.Written.Should().Be(1);

        using var after = db.Open();
        var rows = SchemaDump.AllRows(after);
        foreach (var (table, expected) in before)
        {
            if (table.StartsWith("turn_search_fts_", StringComparison.Ordinal) || expected.Count == 0)
                continue;
            if (table == "threads")
                rows[table].Should().HaveCount(expected.Count, "the turn continued llm's thread");
            else
                rows[table].Should().Contain(expected, table);
        }
        after.Scalar(null, "SELECT thread_id FROM turns ORDER BY id DESC LIMIT 1").Should().Be("01m89n328g0kp40dxbr1dp3yem");
        after.Scalar(null, "SELECT name FROM threads WHERE id = '01m89n328g0kp40dxbr1dp3yem'").Should().Be("Suggest a name for a pet pelican");
    }

    /// <summary>Reference db rows are unchanged when only opened.</summary>
    [Fact]
    public void Reference_db_rows_are_unchanged_when_only_opened()
    {
        using var db = TempDatabase.CopyOfReference();
        Dictionary<string, List<string>> before;
        using (var connection = db.Open())
            before = SchemaDump.AllRows(connection);
        using (var connection = db.Open())
            LlmSchema.Ensure(connection);
        using (var connection = db.Open())
        {
            var after = SchemaDump.AllRows(connection);
            foreach (var (table, rows) in before)
                after[table].Should().Equal(rows, $"{table} is untouched");
        }
    }
}
