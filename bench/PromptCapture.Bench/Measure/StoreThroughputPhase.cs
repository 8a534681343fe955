using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PromptCapture.Bench.Hosts;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Capture;
using PromptCapture.Exchange;

namespace PromptCapture.Bench.Measure;

/// <summary>How fast a CaptureStore alone turns records into llm rows.</summary>
/// <param name="Label">Which database setup this was.</param>
/// <param name="Records">Records submitted.</param>
/// <param name="Written">Records committed.</param>
/// <param name="Dropped">Records lost.</param>
/// <param name="SubmitNsPerRecord">Time the request path spends in Submit, per record.</param>
/// <param name="RowsPerSecond">Records committed per second, from the first Submit to FlushAsync completing.</param>
/// <param name="EarlyRowsPerSecond">Rate over the first fifth of the records (small database).</param>
/// <param name="LateRowsPerSecond">Rate over the last fifth (the database holds the earlier records).</param>
/// <param name="DatabaseBytes">Size of the database file (and WAL) afterwards.</param>
/// <param name="AllocatedBytesPerRecord">Bytes the process allocated per record while the writer worked (the writer is all that runs).</param>
/// <param name="CpuMicrosecondsPerRecord">Process CPU time per record while the writer worked (all threads; steadier than the rate on a busy machine).</param>
/// <param name="ThreadTipIndexed">Whether the database ended up with an index led by threads.tip_message_hash.</param>
internal sealed record StoreThroughputResult(string Label, int Records, long Written, long Dropped, double SubmitNsPerRecord,
    double RowsPerSecond, double EarlyRowsPerSecond, double LateRowsPerSecond, long DatabaseBytes, double AllocatedBytesPerRecord, double CpuMicrosecondsPerRecord, bool ThreadTipIndexed);

/// <summary>
/// The writer's capacity: N distinct one-turn conversations submitted as fast as possible straight to a CaptureStore
/// (queue sized to hold them all), timed until FlushAsync reports every one committed, with the commit rate sampled
/// on the way to show whether it falls as the database grows.
/// </summary>
internal static class StoreThroughputPhase
{
    /// <summary>
    /// Runs the measurement against a fresh database at <paramref name="databasePath"/>; with
    /// <paramref name="threadTipIndex"/> the bench adds an index on threads(tip_message_hash) to its own temporary
    /// database first, to show what that index (absent from the schema today) would change.
    /// </summary>
    public static async Task<StoreThroughputResult> RunAsync(string databasePath, int records, bool threadTipIndex, CancellationToken cancellationToken)
    {
        var store = new CaptureStore(new CaptureStoreOptions { DatabasePath = databasePath, QueueCapacity = records + 16 }, NullLogger<CaptureStore>.Instance);
        await using (store)
        {
            await store.StartAsync(cancellationToken);
            store.Submit(Record(-1)); // opens the file and creates the schema outside the timing
            await store.FlushAsync(cancellationToken);
            if (threadTipIndex)
                AddThreadTipIndex(databasePath);
            var prepared = Enumerable.Range(0, records).Select(Record).ToArray();
            var written = store.Written;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            foreach (var record in prepared)
                store.Submit(record);
            var submitted = Stopwatch.GetElapsedTime(start);
            var progress = new List<(TimeSpan At, long Done)> { (TimeSpan.Zero, 0) };
            var flush = store.FlushAsync(cancellationToken);
            while (!flush.IsCompleted)
            {
                await Task.WhenAny(flush, Task.Delay(20, cancellationToken));
                progress.Add((Stopwatch.GetElapsedTime(start), store.Written - written));
            }
            await flush;
            var elapsed = Stopwatch.GetElapsedTime(start);
            var perRecord = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)records;
            var cpuPerRecord = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / records;
            var done = store.Written - written;
            var result = new StoreThroughputResult(threadTipIndex ? "with an index on threads(tip_message_hash)" : "schema as shipped",
                records, done, store.Dropped, submitted.TotalNanoseconds / records, done / elapsed.TotalSeconds,
                Rate(progress, 0, records / 5), Rate(progress, records - records / 5, records), 0, perRecord, cpuPerRecord, false);
            await store.StopAsync(cancellationToken);
            return result with { DatabaseBytes = FileBytes(databasePath) + FileBytes(databasePath + "-wal"), ThreadTipIndexed = HasThreadTipIndex(databasePath) };
        }
    }

    /// <summary>Commit rate between two record counts, from the sampled progress.</summary>
    private static double Rate(List<(TimeSpan At, long Done)> progress, long from, long to)
    {
        var start = progress.First(p => p.Done >= from);
        var end = progress.FirstOrDefault(p => p.Done >= to, progress[^1]);
        var seconds = (end.At - start.At).TotalSeconds;
        return seconds <= 0 ? double.NaN : (end.Done - start.Done) / seconds;
    }

    /// <summary>Adds the index the thread lookup needs (ThreadResolver: WHERE tip_message_hash = $tip ORDER BY id DESC).</summary>
    private static void AddThreadTipIndex(string databasePath)
    {
        using var connection = new SqliteConnection(WriterConnection.ConnectionString(databasePath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE INDEX IF NOT EXISTS bench_threads_tip ON threads(tip_message_hash, id)";
        command.ExecuteNonQuery();
    }

    /// <summary>Whether some index on threads has tip_message_hash as its first column.</summary>
    private static bool HasThreadTipIndex(string databasePath)
    {
        using var connection = new SqliteConnection(WriterConnection.ConnectionString(databasePath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM pragma_index_list('threads') AS l JOIN pragma_index_info(l.name) AS i WHERE i.seqno = 0 AND i.name = 'tip_message_hash'";
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The bench request's answer, decoded once like the gateway's: shared by every record, as it is immutable.</summary>
    private static readonly ExchangeAnswer Answer = new()
    {
        Text = string.Concat(UpstreamReplies.Deltas),
        FinishReason = "stop",
        Model = "bench-model-1",
        Usage = new ExchangeUsage(19, 10, 29),
        RawJson = () => Encoding.UTF8.GetString(UpstreamReplies.Completion),
    };

    /// <summary>A record shaped like the gateway's for the bench request, with a distinct user turn so every row is new.</summary>
    private static CaptureRecord Record(int i) => new()
    {
        Request = new ExchangeRequest
        {
            History = [],
            Settings = new Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings(),
            Messages =
            [
                new ExchangeMessage("system", [new ExchangePart(ExchangePartKind.Text, "You are a terse assistant.")]),
                new ExchangeMessage("user", [new ExchangePart(ExchangePartKind.Text, $"Say hello in five words. #{i}")]),
            ],
            Client = new ExchangeClient("chat", "bench/1.0", "127.0.0.1", false, "chatcmpl-bench" + i),
            StartedUtc = DateTimeOffset.UtcNow,
            StartTimestamp = 0,
        },
        Target = Target,
        Answer = Answer,
        DurationMs = 1,
    };

    /// <summary>Where every bench record says it went.</summary>
    private static readonly ExchangeTarget Target = new("fast", "up", "m");

    /// <summary>A file's size, or 0 when it does not exist.</summary>
    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
