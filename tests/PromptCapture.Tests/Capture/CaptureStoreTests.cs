using System.Diagnostics;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Capture.Store;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>The background writer: never blocks callers, survives locks without losing records, drains on stop.</summary>
public class CaptureStoreTests
{
    /// <summary>A store on the given file with a short retry ceiling so tests do not wait long after a lock.</summary>
    private static CaptureStore StoreOn(string path, int capacity = 10_000) => new(
        new CaptureStoreOptions { DatabasePath = path, MaxRetryDelay = TimeSpan.FromMilliseconds(200), QueueCapacity = capacity },
        NullLogger<CaptureStore>.Instance);

    /// <summary>Locked database delays writes without blocking or losing them.</summary>
    [Fact]
    public async Task Locked_database_delays_writes_without_blocking_or_losing_them()
    {
        using var db = new TempDatabase();
        using var locker = db.Open();
        LlmSchema.Ensure(locker);
        await using var store = StoreOn(db.Path);
        await store.StartAsync(CancellationToken.None);

        using (var tx = locker.BeginTransaction(deferred: false))
        {
            locker.Execute(tx, "UPDATE threads SET name = name"); // holds the write lock
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++)
                store.Submit(Turn([User($"locked {i}")], Assistant("ok")));
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(500), "Submit never waits for the database");

            using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
            var flush = () => store.FlushAsync(shortWait.Token);
            await flush.Should().ThrowAsync<OperationCanceledException>("the file is locked");
            locker.Scalar(tx, "SELECT count(*) FROM turns").Should().Be(0L);
            store.Written.Should().Be(0);
            tx.Rollback();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.FlushAsync(deadline.Token);
        store.Written.Should().Be(3);
        store.Dropped.Should().Be(0);
        locker.Scalar(null, "SELECT count(*) FROM turns").Should().Be(3L);
    }

    /// <summary>Stop drains the queue before returning.</summary>
    [Fact]
    public async Task Stop_drains_the_queue_before_returning()
    {
        using var db = new TempDatabase();
        var store = StoreOn(db.Path);
        await store.StartAsync(CancellationToken.None);
        for (var i = 0; i < 600; i++)
            store.Submit(Turn([User($"message {i}")], Assistant($"answer {i}")));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            await store.StopAsync(deadline.Token);
        store.Written.Should().Be(600);
        await store.DisposeAsync();

        using var connection = db.Open();
        connection.Scalar(null, "SELECT count(*) FROM turns").Should().Be(600L);
        connection.Scalar(null, "SELECT count(*) FROM prompt_capture_requests").Should().Be(600L);
        connection.Scalar(null, "PRAGMA journal_mode").Should().Be("wal");
    }

    /// <summary>Full queue drops and counts instead of blocking.</summary>
    [Fact]
    public async Task Full_queue_drops_and_counts_instead_of_blocking()
    {
        using var db = new TempDatabase();
        await using var store = StoreOn(db.Path, capacity: 2);
        for (var i = 0; i < 5; i++)
            store.Submit(Turn([User($"m{i}")], Assistant("a")));
        store.Dropped.Should().Be(3);
        store.PeakQueueDepth.Should().Be(2);

        await store.StartAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.FlushAsync(deadline.Token);
        store.Written.Should().Be(2);
    }

    /// <summary>No log turns capture off.</summary>
    [Fact]
    public async Task No_log_turns_capture_off()
    {
        using var db = new TempDatabase();
        await using var store = new CaptureStore(new CaptureStoreOptions { DatabasePath = db.Path, NoLog = true }, NullLogger<CaptureStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        store.Submit(Turn([User("x")], Assistant("y")));
        store.Enabled.Should().BeFalse();
        await store.FlushAsync(CancellationToken.None);
        File.Exists(db.Path).Should().BeFalse();
    }

    /// <summary>Logs off file turns capture off like llm logs off.</summary>
    [Fact]
    public async Task Logs_off_file_turns_capture_off_like_llm_logs_off()
    {
        using var db = new TempDatabase();
        File.WriteAllText(Path.Combine(db.Directory, LlmDatabaseLocation.LogsOffFileName), "");
        await using var store = StoreOn(db.Path);
        store.Enabled.Should().BeFalse();
        store.DatabasePath.Should().Be(db.Path);
    }

    /// <summary>Missing directory is created on first write.</summary>
    [Fact]
    public async Task Missing_directory_is_created_on_first_write()
    {
        using var db = new TempDatabase();
        var path = Path.Combine(db.Directory, "nested", "deeper", "logs.db");
        await using var store = StoreOn(path);
        await store.StartAsync(CancellationToken.None);
        store.Submit(Turn([User("x")], Assistant("y")));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await store.FlushAsync(deadline.Token);
        File.Exists(path).Should().BeTrue();
    }
}
