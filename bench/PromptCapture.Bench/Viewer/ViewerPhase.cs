using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PromptCapture.Bench.Hosts;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Hosting;

namespace PromptCapture.Bench.Viewer;

/// <summary>One timed viewer operation: its first (cold) call and the median and p90 of the calls after it.</summary>
/// <param name="Name">What was timed.</param>
/// <param name="FirstMs">The first call, on a cold page cache of the process's own connection.</param>
/// <param name="MedianMs">Median of the repeated calls.</param>
/// <param name="P90Ms">90th percentile of the repeated calls.</param>
/// <param name="Rows">Rows the operation returned.</param>
internal sealed record ViewerTiming(string Name, double FirstMs, double MedianMs, double P90Ms, int Rows);

/// <summary>Everything the viewer phase measured.</summary>
/// <param name="Turns">Turns in the database.</param>
/// <param name="FillSeconds">How long writing them took (the real writer, batches of 200).</param>
/// <param name="DatabaseBytes">Size of the file.</param>
/// <param name="Timings">The operations.</param>
/// <param name="ListPlan">EXPLAIN QUERY PLAN of the first page's query.</param>
internal sealed record ViewerResults(int Turns, double FillSeconds, long DatabaseBytes, IReadOnlyList<ViewerTiming> Timings, IReadOnlyList<string> ListPlan);

/// <summary>
/// The viewer on a large database: fills one with 100,000 turns through the real writer, then times the first page of
/// conversations (the reader alone and the whole HTTP endpoint of a gateway built as serve builds it), a deep page,
/// searches, opening a conversation and usage.
/// </summary>
internal static class ViewerPhase
{
    /// <summary>Repeated calls per operation after the first.</summary>
    private const int Repeats = 30;

    /// <summary>Runs the phase in <paramref name="files"/>' folder.</summary>
    public static async Task<ViewerResults> RunAsync(BenchFiles files, int turns, Action<string> log)
    {
        var path = files.PathOf("viewer.db");
        var fill = Stopwatch.StartNew();
        ViewerDatabase.Fill(path, turns, done => { if (done % 20_000 == 0) log($"viewer: {done:N0} turns written"); });
        fill.Stop();

        var list = new ConversationListReader(path);
        var reader = new ConversationReader(path);
        var usage = new UsageReader(path);
        var timings = new List<ViewerTiming>
        {
            Time("First page of conversations (reader, 50 rows)", () => list.List(null, 50).Items.Count),
        };
        var cursor = (string?)null;
        for (var page = 0; page < 100; page++)
            cursor = list.List(cursor, 50).Next;
        timings.Add(Time("Page 101 of conversations (cursor, 50 rows)", () => list.List(cursor, 50).Items.Count));
        timings.Add(Time("Search, rare word (\"pelican\", first page)", () => list.Search("pelican", null, 50).Items.Count));
        timings.Add(Time("Search, common word (\"walrus\", first page)", () => list.Search("walrus", null, 50).Items.Count));
        var thread = list.List(null, 1).Items[0].ThreadId;
        timings.Add(Time("Open a conversation (4 turns)", () => reader.Read(thread)!.Turns.Count));
        timings.Add(Time("Usage, last 30 days", () => usage.Read(DateTimeOffset.UtcNow.AddDays(-30)).Days.Count));
        timings.Add(Time("Usage, everything", () => usage.Read(null).Days.Count));
        timings.Add(await EndpointAsync(files, path));
        return new ViewerResults(turns, fill.Elapsed.TotalSeconds, new FileInfo(path).Length, timings, Plan(path));
    }

    /// <summary>GET /_viewer/api/conversations on a gateway built as serve builds it, reading the filled database.</summary>
    private static async Task<ViewerTiming> EndpointAsync(BenchFiles files, string path)
    {
        var providers = files.PathOf("viewer-providers.json");
        await File.WriteAllTextAsync(providers, """{"defaultModel":"echo","providers":[{"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]}]}""");
        var app = GatewayApp.Build(new GatewayOptions { Port = 0, ProvidersPath = providers, DatabasePath = path, NoLog = true }, logging => logging.ClearProviders());
        await using (app)
        {
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(GatewayApp.ListeningAddress(app)) };
            var samples = new List<double>();
            var rows = 0;
            for (var i = 0; i <= Repeats; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var body = await http.GetStringAsync("/_viewer/api/conversations?limit=50");
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                rows = body.Split("\"thread_id\"").Length - 1;
            }
            await app.StopAsync();
            return Summarise("First page over HTTP (GET /_viewer/api/conversations, JSON)", samples, rows);
        }
    }

    /// <summary>Times one operation: a first call, then <see cref="Repeats"/> more.</summary>
    private static ViewerTiming Time(string name, Func<int> operation)
    {
        var samples = new List<double>();
        var rows = 0;
        for (var i = 0; i <= Repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            rows = operation();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return Summarise(name, samples, rows);
    }

    /// <summary>First sample, and median and p90 of the rest.</summary>
    private static ViewerTiming Summarise(string name, List<double> samples, int rows)
    {
        var rest = samples.Skip(1).Order().ToList();
        return new ViewerTiming(name, samples[0], rest[rest.Count / 2], rest[(int)Math.Ceiling(rest.Count * 0.9) - 1], rows);
    }

    /// <summary>The query plan of the first page's thread walk, to show it uses the indexes.</summary>
    private static List<string> Plan(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection.Query(null, """
            EXPLAIN QUERY PLAN
            SELECT t.thread_id, t.id FROM turns t
            WHERE t.thread_id IS NOT NULL AND t.id = (SELECT max(t2.id) FROM turns t2 WHERE t2.thread_id = t.thread_id)
            ORDER BY t.id DESC LIMIT 50
            """).Select(r => (string)r[3]!).ToList();
    }
}
