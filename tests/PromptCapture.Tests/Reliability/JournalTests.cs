using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Journal;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>
/// Nothing answered is lost: to kill -9 under load, to another process holding SQLite's write lock under load, or to a
/// stop while that lock is held. Each scenario counts the exchanges the clients saw answered and finds every one in
/// the database once the gateway (restarted where the scenario needs it) has caught up.
/// </summary>
public sealed class JournalTests : IDisposable
{
    /// <summary>The test's folder: providers.json, the database and its journal.</summary>
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pc-journal-" + Guid.NewGuid().ToString("N"));

    /// <summary>Creates the folder with an echo-only providers.json.</summary>
    public JournalTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "providers.json"),
            """{"defaultModel":"echo","providers":[{"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]}]}""");
    }

    /// <summary>The database path.</summary>
    private string Db => Path.Combine(_folder, "logs.db");

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>SIGKILL in the middle of load, then a restart: every exchange a client got a whole answer for is a turn.</summary>
    [Fact]
    public async Task Kill_9_mid_load_loses_no_answered_exchange()
    {
        var answered = new ConcurrentBag<string>();
        var gateway = await StartAsync();
        using (var http = Client(gateway.Url))
        {
            using var stop = new CancellationTokenSource();
            var load = Load(http, answered, stop.Token, workers: 8, perWorker: 5000);
            await PollAsync(() => answered.Count >= 400, "400 answers before the kill");
            await gateway.DisposeAsync(); // SIGKILL while requests are in flight and records are queued
            await stop.CancelAsync();
            await load;
        }

        await using var restarted = await StartAsync();
        await PollAsync(() => Count("select count(*) from turns") >= answered.Count, "the restarted gateway to replay the journal");
        MissingPrompts(answered).Should().BeEmpty();
        Count("select count(*) from turns").Should().Be(Count("select count(distinct turn_id) from prompt_capture_requests"));
        restarted.Process.Terminate();
        (await restarted.Process.WaitForExitAsync()).Should().Be(0);
    }

    /// <summary>
    /// Another process holds BEGIN EXCLUSIVE while clients send 1,200 small requests and six of 12 MB (more than the
    /// memory budget, so the writer reads them back from the journal): every request is answered, nothing is dropped,
    /// and once the lock goes every one is a turn. (The byte bound itself is asserted in CaptureJournalTests.)
    /// </summary>
    [Fact]
    public async Task Write_lock_held_by_another_process_loses_nothing()
    {
        await using var gateway = await StartAsync();
        using var http = Client(gateway.Url);
        await PollAsync(() => File.Exists(Db) && Count("select count(*) from _llm_migrations") > 0, "the schema");
        await using var locker = await SqliteLocker.StartAsync(Db);

        var answered = new ConcurrentBag<string>();
        var small = Load(http, answered, CancellationToken.None, workers: 8, perWorker: 150);
        var big = Task.Run(async () =>
        {
            var filler = new string('z', 12 * 1024 * 1024);
            for (var i = 0; i < 6; i++)
            {
                var text = $"big {i} {filler}";
                var response = await http.PostAsync("/v1/chat/completions", Json(Requests.Simple("echo", text)));
                if (response.StatusCode == HttpStatusCode.OK)
                    answered.Add($"big {i} ");
            }
        });
        await Task.WhenAll(small, big);
        answered.Should().HaveCount(1206, "the lock never delays an answer");
        Count("select count(*) from turns").Should().Be(0, "the lock is still held");
        Directory.GetFiles(CaptureJournal.DirectoryFor(Db), "*.pcj").Should().NotBeEmpty();

        await locker.ReleaseAsync();
        await PollAsync(() => Count("select count(*) from turns") >= 1206, "the writer to catch up after the lock");
        MissingPrompts(answered).Should().BeEmpty();
        Count("select count(*) from turns").Should().Be(1206);
        gateway.Process.Terminate();
        (await gateway.Process.WaitForExitAsync()).Should().Be(0);
        gateway.Process.Output.Should().NotContain("dropping");
    }

    /// <summary>
    /// SIGTERM while another process holds the write lock: the gateway exits cleanly after its wait, saying the records
    /// stay in the journal, and the next start writes all of them.
    /// </summary>
    [Fact]
    public async Task Stop_while_locked_then_start_loses_nothing()
    {
        var answered = new ConcurrentBag<string>();
        await using (var gateway = await StartAsync())
        {
            using var http = Client(gateway.Url);
            await PollAsync(() => File.Exists(Db) && Count("select count(*) from _llm_migrations") > 0, "the schema");
            await using var locker = await SqliteLocker.StartAsync(Db);
            await Load(http, answered, CancellationToken.None, workers: 4, perWorker: 125);
            answered.Should().HaveCount(500);

            gateway.Process.Terminate();
            (await gateway.Process.WaitForExitAsync()).Should().Be(0);
            gateway.Process.Output.Should().Contain("stay in the journal");
            await locker.ReleaseAsync();
        }
        Count("select count(*) from turns").Should().Be(0);

        await using var restarted = await StartAsync();
        await PollAsync(() => Count("select count(*) from turns") >= 500, "the restarted gateway to replay the journal");
        MissingPrompts(answered).Should().BeEmpty();
        restarted.Process.Terminate();
        (await restarted.Process.WaitForExitAsync()).Should().Be(0);
    }

    /// <summary>A running gateway process and its base URL.</summary>
    /// <param name="Process">The process.</param>
    /// <param name="Url">Its http://host:port root.</param>
    private sealed record Gateway(GatewayProcess Process, string Url) : IAsyncDisposable
    {
        /// <summary>Kills the process if it still runs.</summary>
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    /// <summary>Starts `serve` on the test's database and waits for its address.</summary>
    private async Task<Gateway> StartAsync()
    {
        var process = GatewayProcess.Start(_folder, null, "serve", "--port", "0", "--db", Db);
        var url = await process.WaitForAddressAsync();
        return new Gateway(process, url.Replace("/v1", ""));
    }

    /// <summary>A client with room for the workers' connections.</summary>
    private static HttpClient Client(string url) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>A JSON body.</summary>
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>
    /// Workers sending requests (every other one streamed), each with its own prompt; a prompt counts as answered only
    /// when its whole answer arrived. Stops at the count or when the token fires or the gateway goes away.
    /// </summary>
    private static Task Load(HttpClient http, ConcurrentBag<string> answered, CancellationToken stop, int workers, int perWorker) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < perWorker && !stop.IsCancellationRequested; i++)
            {
                var prompt = $"w{worker} n{i} ";
                try
                {
                    var stream = i % 2 == 1;
                    using var response = await http.PostAsync("/v1/chat/completions", Json(Requests.Simple("echo", prompt, stream)));
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.OK && (!stream || body.Contains("[DONE]")))
                        answered.Add(prompt);
                }
                catch (HttpRequestException)
                {
                    return;
                }
                catch (IOException)
                {
                    return;
                }
            }
        })));

    /// <summary>The answered prompts with no turn whose prompt starts with them.</summary>
    private List<string> MissingPrompts(IEnumerable<string> answered)
    {
        using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select substr(prompt, 1, 40) from turn_search";
        var stored = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                stored.Add(reader.GetString(0));
        }
        return answered.Where(p => !stored.Any(s => s.StartsWith(p, StringComparison.Ordinal))).ToList();
    }

    /// <summary>One count from the database; 0 while it or its tables do not exist yet.</summary>
    private long Count(string sql)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    /// <summary>Polls a condition every 50 ms until it holds, failing after two minutes.</summary>
    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException("Gave up waiting for " + what);
            await Task.Delay(50);
        }
    }

    /// <summary>Another process (python3's sqlite3) holding BEGIN EXCLUSIVE on the database until released.</summary>
    private sealed class SqliteLocker : IAsyncDisposable
    {
        /// <summary>The python process.</summary>
        private readonly Process _process;

        /// <summary>Wraps a started locker.</summary>
        private SqliteLocker(Process process) => _process = process;

        /// <summary>Starts python3, and returns once it holds the lock.</summary>
        public static async Task<SqliteLocker> StartAsync(string db)
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("""
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
                db.execute("BEGIN EXCLUSIVE")
                print("locked", flush=True)
                sys.stdin.readline()
                db.execute("COMMIT")
                print("released", flush=True)
                """);
            start.ArgumentList.Add(db);
            var process = Process.Start(start)!;
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (line != "locked")
                throw new InvalidOperationException("python3 could not lock the database: " + await process.StandardError.ReadToEndAsync());
            return new SqliteLocker(process);
        }

        /// <summary>Commits and waits for the process to end.</summary>
        public async Task ReleaseAsync()
        {
            if (_process.HasExited)
                return;
            await _process.StandardInput.WriteLineAsync();
            await _process.StandardInput.FlushAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        /// <summary>Releases (if still holding) and disposes the process.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ReleaseAsync();
            }
            finally
            {
                if (!_process.HasExited)
                    _process.Kill();
                _process.Dispose();
            }
        }
    }
}
