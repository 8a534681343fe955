using System.Text;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>kill -9 in the middle of load leaves a database that opens cleanly and that llm's schema check accepts.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pc-crash-" + Guid.NewGuid().ToString("N"));

    /// <summary>Creates the working folder.</summary>
    public CrashTests() => Directory.CreateDirectory(_folder);

    /// <summary>Deletes the working folder.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>SIGKILL while requests stream in: integrity_check passes, every turn is whole, and the file reopens for writing.</summary>
    [Fact]
    public async Task Database_survives_kill_9_mid_load()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "providers.json"),
            """{"defaultModel":"echo","providers":[{"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]}]}""");
        var db = Path.Combine(_folder, "logs.db");
        var gateway = GatewayProcess.Start(_folder, null, "serve", "--port", "0", "--db", db);
        var baseUrl = await gateway.WaitForAddressAsync();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl.Replace("/v1", "")) };
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 2000; i++)
            {
                try
                {
                    await http.PostAsync("/v1/chat/completions", new StringContent(Requests.Simple("echo", $"w{worker} n{i}", i % 2 == 0), Encoding.UTF8, "application/json"));
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        })).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !(File.Exists(db) && Count(db) > 50))
            await Task.Delay(20);
        await gateway.DisposeAsync(); // SIGKILL of the whole process tree
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Scalar(db, "pragma integrity_check").Should().Be("ok");
        var turns = Count(db);
        turns.Should().BeGreaterThan(50);
        Scalar(db, "select count(*) from turns t left join messages m on m.hash = t.tip_message_hash where m.hash is null").Should().Be(0L);
        Scalar(db, "select count(*) from turns t left join prompt_capture_requests r on r.turn_id = t.id where r.turn_id is null").Should().Be(0L);
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            LlmSchema.Ensure(connection);
        }
        Scalar(db, "select count(*) from _llm_migrations").Should().Be(30L);
    }

    /// <summary>Number of turns (0 while the schema is not there yet).</summary>
    private static long Count(string db)
    {
        try { return (long)Scalar(db, "select count(*) from turns")!; }
        catch (SqliteException) { return 0; }
    }

    /// <summary>One value from a read-write connection that never creates the file.</summary>
    private static object? Scalar(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadWrite;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
