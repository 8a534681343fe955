using System.Text.RegularExpressions;
using FluentAssertions;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>The schema we create must be the one llm 0.32 creates, object by object, column by column.</summary>
public class LlmSchemaTests
{
    /// <summary>A fresh file with our schema.</summary>
    private static TempDatabase NewDatabase(out SchemaState state)
    {
        var db = new TempDatabase();
        using var connection = db.Open();
        state = LlmSchema.Ensure(connection);
        return db;
    }

    /// <summary>A database built by running reference-schema.sql without the FTS5 shadow tables SQLite makes itself.</summary>
    private static TempDatabase FromReferenceSql()
    {
        var sql = File.ReadAllText(ReferenceFiles.SchemaSql);
        sql = Regex.Replace(sql, @"CREATE TABLE IF NOT EXISTS '\w+_fts_(data|idx|docsize|config)'\(.*?\)( WITHOUT ROWID)?;\n", "");
        var db = new TempDatabase();
        using var connection = db.Open();
        connection.Execute(null, sql);
        return db;
    }

    /// <summary>New database has exactly the sqlite master of llms own file.</summary>
    [Fact]
    public void New_database_has_exactly_the_sqlite_master_of_llms_own_file()
    {
        using var ours = NewDatabase(out var state);
        using var reference = TempDatabase.CopyOfReference();
        state.Should().Be(SchemaState.Created);
        using var a = ours.Open();
        using var b = reference.Open();
        SchemaDump.Master(a).Should().Equal(SchemaDump.Master(b));
    }

    /// <summary>New database matches reference schema sql.</summary>
    [Fact]
    public void New_database_matches_reference_schema_sql()
    {
        using var ours = NewDatabase(out _);
        using var reference = FromReferenceSql();
        using var a = ours.Open();
        using var b = reference.Open();
        SchemaDump.Master(a, normalize: true).Should().Equal(SchemaDump.Master(b, normalize: true));
        var tables = SchemaDump.Tables(b);
        SchemaDump.Tables(a).Should().Equal(tables);
        foreach (var table in tables)
        {
            SchemaDump.Columns(a, table).Should().Equal(SchemaDump.Columns(b, table), table);
            SchemaDump.Indexes(a, table).Should().Equal(SchemaDump.Indexes(b, table), table);
        }
    }

    /// <summary>Triggers fts tables and view are present.</summary>
    [Fact]
    public void Triggers_fts_tables_and_view_are_present()
    {
        using var ours = NewDatabase(out _);
        using var connection = ours.Open();
        var names = connection.Query(null, "SELECT type || ':' || name FROM sqlite_master").Select(r => (string)r[0]!).ToList();
        names.Should().Contain(["trigger:responses_ai", "trigger:responses_ad", "trigger:responses_au",
            "trigger:turn_search_ai", "trigger:turn_search_ad", "trigger:turn_search_au",
            "table:turn_search_fts", "table:turn_search_fts_data", "table:responses_fts_config", "view:message_tree"]);
        connection.Query(null, "SELECT * FROM message_tree").Should().BeEmpty();
    }

    /// <summary>Migrations table holds exactly the 30 names with python timestamps.</summary>
    [Fact]
    public void Migrations_table_holds_exactly_the_30_names_with_python_timestamps()
    {
        using var ours = NewDatabase(out _);
        using var reference = TempDatabase.CopyOfReference();
        using var a = ours.Open();
        using var b = reference.Open();
        var rows = a.Query(null, "SELECT name, applied_at FROM _llm_migrations ORDER BY rowid");
        rows.Select(r => (string)r[0]!).Should().Equal(LlmMigrations.Names);
        b.Query(null, "SELECT name FROM _llm_migrations ORDER BY rowid").Select(r => (string)r[0]!).Should().Equal(LlmMigrations.Names);
        rows.Should().HaveCount(30);
        rows.Select(r => (string)r[1]!).Should().AllSatisfy(at =>
            at.Should().MatchRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$"));
    }

    /// <summary>Ensure twice changes nothing.</summary>
    [Fact]
    public void Ensure_twice_changes_nothing()
    {
        using var ours = NewDatabase(out _);
        using var connection = ours.Open();
        var before = SchemaDump.AllRows(connection);
        var master = SchemaDump.Master(connection);
        LlmSchema.Ensure(connection).Should().Be(SchemaState.AlreadyCurrent);
        SchemaDump.AllRows(connection).Should().BeEquivalentTo(before);
        SchemaDump.Master(connection).Should().Equal(master);
    }

    /// <summary>Llm 031 file is extended in place to the 032 schema.</summary>
    [Fact]
    public void Llm_031_file_is_extended_in_place_to_the_032_schema()
    {
        using var old = new TempDatabase();
        using (var connection = old.Open())
        {
            connection.Execute(null, LlmMigrations.MigrationsTableSql);
            foreach (var obj in LlmSchemaObjects.All.Where(o => o.Generation == SchemaGeneration.Legacy))
            {
                // 0.31 had resolved_model (m019) but not reasoning (m022).
                connection.Execute(null, obj.Sql.Replace(""", "resolved_model" TEXT, "reasoning" TEXT)""", """, "resolved_model" TEXT)"""));
            }
            foreach (var name in LlmMigrations.Names.Take(24))
                connection.Execute(null, "INSERT INTO _llm_migrations VALUES ($n, '2026-07-01 10:00:00.000001+00:00')", ("$n", name));
            connection.Execute(null, "INSERT INTO conversations VALUES ('01old', 'old chat', 'gpt-4o')");
            connection.Execute(null, "INSERT INTO responses (id, model, prompt, response, conversation_id) VALUES ('01oldr', 'gpt-4o', 'hi', 'hello', '01old')");
            SchemaDump.Columns(connection, "responses").Should().NotContain(c => c.Contains("|reasoning|"));
        }

        using (var connection = old.Open())
            LlmSchema.Ensure(connection).Should().Be(SchemaState.Upgraded);

        using var reference = TempDatabase.CopyOfReference();
        using (var a = old.Open())
        using (var b = reference.Open())
        {
            SchemaDump.Master(a).Should().Equal(SchemaDump.Master(b));
            a.Query(null, "SELECT name FROM _llm_migrations ORDER BY rowid").Select(r => (string)r[0]!).Should().Equal(LlmMigrations.Names);
            a.Scalar(null, "SELECT applied_at FROM _llm_migrations WHERE name = 'm001_initial'").Should().Be("2026-07-01 10:00:00.000001+00:00");
            a.Scalar(null, "SELECT response FROM responses WHERE id = '01oldr'").Should().Be("hello");
            a.Scalar(null, "SELECT count(*) FROM responses_fts WHERE responses_fts MATCH 'hello'").Should().Be(1L);
        }
    }

    /// <summary>Our tables are created beside llms.</summary>
    [Fact]
    public void Our_tables_are_created_beside_llms()
    {
        using var ours = NewDatabase(out _);
        using var connection = ours.Open();
        SchemaDump.Columns(connection, "prompt_capture_requests").Select(c => c.Split('|')[1]).Should().Equal(
            "turn_id", "user_agent", "remote_address", "stream", "http_status", "request_id", "provider", "upstream_model", "datetime_utc",
            "front_door", "session_id");
        SchemaDump.Columns(connection, "prompt_capture_failures").Select(c => c.Split('|')[1]).Should().Equal(
            "id", "model", "resolved_model", "provider", "upstream_model", "outcome", "http_status", "error_type", "error_message",
            "request_messages_json", "partial_response", "partial_reasoning", "partial_tool_calls_json", "options_json",
            "input_tokens", "output_tokens", "duration_ms", "datetime_utc", "user_agent", "remote_address", "stream", "request_id",
            "front_door", "session_id");
    }

    /// <summary>A file written before front_door and session_id existed gains them on open, its rows kept.</summary>
    [Fact]
    public void Older_capture_tables_gain_the_new_columns_on_open()
    {
        using var ours = NewDatabase(out _);
        using (var connection = ours.Open())
        {
            connection.Execute(null, "DROP TABLE prompt_capture_requests");
            connection.Execute(null, """
                CREATE TABLE "prompt_capture_requests" ("turn_id" TEXT PRIMARY KEY, "user_agent" TEXT, "remote_address" TEXT,
                   "stream" INTEGER, "http_status" INTEGER, "request_id" TEXT, "provider" TEXT, "upstream_model" TEXT, "datetime_utc" TEXT)
                """);
            connection.Execute(null, "INSERT INTO prompt_capture_requests (turn_id, user_agent) VALUES ('t1', 'old-client')");
        }
        using var reopened = ours.Open();
        LlmSchema.Ensure(reopened);
        SchemaDump.Columns(reopened, "prompt_capture_requests").Select(c => c.Split('|')[1]).Should().EndWith(["front_door", "session_id"]);
        reopened.Scalar(null, "SELECT user_agent FROM prompt_capture_requests WHERE turn_id = 't1'").Should().Be("old-client");
    }
}
