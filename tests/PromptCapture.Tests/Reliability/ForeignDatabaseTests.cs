using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>A capture path that holds another application's SQLite data: not one byte of it changes, and the gateway says why it captures nothing.</summary>
public sealed class ForeignDatabaseTests
{
    /// <summary>Someone's own "turns" table (other columns), or tables llm never has: same bytes after serving, no journal files, readiness names the reason.</summary>
    [Theory]
    [InlineData("CREATE TABLE turns (something_else TEXT, n INTEGER); INSERT INTO turns VALUES ('mine', 1); CREATE TABLE threads (x INTEGER);")]
    [InlineData("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('groceries'); CREATE INDEX notes_body ON notes (body);")]
    public async Task Foreign_database_is_left_byte_for_byte_untouched(string sql)
    {
        using var folder = new TempFolder("pc-foreign-");
        var path = folder.File("someone-else.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        var before = Hash(path);

        await using (var h = await GatewayHarness.StartAsync(configure: o => o with { DatabasePath = path }))
        {
            var answer = await h.Http.PostChatAsync(Requests.Simple("fake-chat", "served anyway"));
            var ready = await WaitForFailingAsync(h);

            answer.StatusCode.Should().Be(HttpStatusCode.OK);
            ready.GetProperty("status").GetString().Should().Be("not_ready");
            ready.GetProperty("capture_problem").GetString().Should().Contain(path).And.Contain("not an llm database");
            h.Store.Written.Should().Be(0);
        }

        Hash(path).Should().Equal(before, "the gateway must change nothing in a database it will not use");
        Directory.GetFiles(folder.Path).Select(Path.GetFileName).Should().Equal("someone-else.db");
    }

    /// <summary>The check alone: a missing or empty file and an llm file are usable, anything else is reported with its tables.</summary>
    [Fact]
    public void Check_tells_new_and_llm_files_from_foreign_ones()
    {
        using var folder = new TempFolder("pc-foreign-");
        var empty = folder.File("empty.db");
        File.WriteAllBytes(empty, []);
        var llm = folder.File("llm.db");
        File.Copy(PromptCapture.Tests.Capture.ReferenceFiles.Database, llm);
        var foreign = folder.File("foreign.db");
        using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE b (x); CREATE TABLE a (y); CREATE TABLE prompt_capture_requests (z);";
            command.ExecuteNonQuery();
        }

        LlmFileCheck.ForeignTables(folder.File("missing.db")).Should().BeEmpty();
        LlmFileCheck.ForeignTables(empty).Should().BeEmpty();
        LlmFileCheck.ForeignTables(llm).Should().BeEmpty();
        LlmFileCheck.ForeignTables(foreign).Should().Equal("a", "b");
        File.Exists(folder.File("missing.db")).Should().BeFalse();
    }

    /// <summary>Readiness once the writer has looked at the file (it does so in the background, at start).</summary>
    private static async Task<JsonElement> WaitForFailingAsync(GatewayHarness h)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var ready = JsonDocument.Parse(await (await h.Http.GetAsync("/health/ready")).Content.ReadAsStringAsync()).RootElement;
            if (ready.GetProperty("capture").GetString() == "failing" || DateTime.UtcNow > deadline)
                return ready;
            await Task.Delay(20);
        }
    }

    /// <summary>SHA-256 of the file's bytes.</summary>
    private static byte[] Hash(string path) => SHA256.HashData(File.ReadAllBytes(path));
}
