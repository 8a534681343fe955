using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using PromptCapture.Capture.Store.Journal;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>
/// The capture journal in one process: records past the memory budget wait in the journal, a stop that cannot finish
/// leaves them there for the next start, and a replay writes each record once.
/// </summary>
public sealed class CaptureJournalTests
{
    /// <summary>A store with a short retry ceiling and the given memory budget and stop wait.</summary>
    private static CaptureStore StoreOn(string path, long budget = 64L * 1024 * 1024, TimeSpan? stopWait = null) => new(
        new CaptureStoreOptions
        {
            DatabasePath = path, MaxRetryDelay = TimeSpan.FromMilliseconds(200), MemoryBudgetBytes = budget,
            StopDrainTimeout = stopWait ?? TimeSpan.FromSeconds(10),
        },
        NullLogger<CaptureStore>.Instance);

    /// <summary>The segment files in a database's journal folder.</summary>
    private static string[] Segments(string db) =>
        Directory.Exists(CaptureJournal.DirectoryFor(db)) ? Directory.GetFiles(CaptureJournal.DirectoryFor(db), "*.pcj") : [];

    /// <summary>
    /// While another connection holds BEGIN EXCLUSIVE, 40 records of 20 KB against a 64 KB budget: memory keeps at most
    /// the budget, nothing is dropped, and all 40 are written once the lock goes (read back from the journal).
    /// </summary>
    [Fact]
    public async Task Records_past_the_memory_budget_wait_in_the_journal()
    {
        using var db = new TempDatabase();
        using var locker = db.Open();
        LlmSchema.Ensure(locker);
        await using var store = StoreOn(db.Path, budget: 64 * 1024);
        await store.StartAsync(CancellationToken.None);
        var big = new string('x', 20_000);

        locker.Execute(null, "BEGIN EXCLUSIVE");
        for (var i = 0; i < 40; i++)
            store.Submit(Turn([User($"big {i} {big}")], Assistant("ok")));
        store.PeakCachedBytes.Should().BeLessThanOrEqualTo(64 * 1024);
        store.Journaled.Should().Be(40);
        locker.Execute(null, "COMMIT");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await store.FlushAsync(deadline.Token);
        store.Dropped.Should().Be(0);
        locker.Scalar(null, "SELECT count(*) FROM turns").Should().Be(40L);
    }

    /// <summary>
    /// Stop while another connection holds the write lock: the store gives up after its wait, the records stay in the
    /// journal, and the next start writes all of them and removes the segments.
    /// </summary>
    [Fact]
    public async Task Stop_while_locked_keeps_records_for_the_next_start()
    {
        using var db = new TempDatabase();
        using var locker = db.Open();
        LlmSchema.Ensure(locker);
        var first = StoreOn(db.Path, stopWait: TimeSpan.FromMilliseconds(300));
        await first.StartAsync(CancellationToken.None);
        locker.Execute(null, "BEGIN EXCLUSIVE");
        for (var i = 0; i < 50; i++)
            first.Submit(Turn([User($"kept {i}")], Assistant("ok")));

        await first.StopAsync(CancellationToken.None);
        await first.DisposeAsync();
        first.Written.Should().Be(0);
        first.Dropped.Should().Be(0);
        Segments(db.Path).Should().NotBeEmpty();
        locker.Execute(null, "COMMIT");

        await using var second = StoreOn(db.Path);
        await second.StartAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await second.FlushAsync(deadline.Token);

        second.Replayed.Should().Be(50);
        locker.Scalar(null, "SELECT count(*) FROM turns").Should().Be(50L);
        Segments(db.Path).Should().HaveCount(1, "only the new run's own segment is left");
    }

    /// <summary>
    /// A segment whose records were committed but which a crash kept (and whose tail a write cut short) is replayed
    /// without writing any record twice.
    /// </summary>
    [Fact]
    public async Task Replay_skips_records_already_written_and_a_torn_tail()
    {
        using var db = new TempDatabase();
        var saved = Path.Combine(db.Directory, "saved.pcj");
        await using (var store = StoreOn(db.Path))
        {
            await store.StartAsync(CancellationToken.None);
            for (var i = 0; i < 10; i++)
                store.Submit(Turn([User($"once {i}")], Assistant("ok")));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await store.FlushAsync(deadline.Token);
            // What a kill -9 right after the commit leaves: the segment, still holding committed records.
            File.Copy(Segments(db.Path).Single(), saved);
        }
        await using (var tail = new FileStream(saved, FileMode.Append))
            tail.Write([0x40, 0, 0, 0, 1, 2]);
        File.Move(saved, Path.Combine(CaptureJournal.DirectoryFor(db.Path), "00000000000000000000000-1-000001.pcj"));

        await using var again = StoreOn(db.Path);
        await again.StartAsync(CancellationToken.None);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await again.FlushAsync(wait.Token);

        again.Replayed.Should().Be(0);
        using var connection = db.Open();
        connection.Scalar(null, "SELECT count(*) FROM turns").Should().Be(10L);
        Segments(db.Path).Should().HaveCount(1);
    }
}
