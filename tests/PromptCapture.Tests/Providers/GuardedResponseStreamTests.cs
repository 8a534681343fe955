using System.Diagnostics;
using System.IO.Pipelines;
using FluentAssertions;
using PromptCapture.Providers;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>The body guard alone, on in-memory streams: which failure each limit raises, and that a caller's cancellation stays one.</summary>
public sealed class GuardedResponseStreamTests
{
    /// <summary>A body with nothing more to read fails as stalled once the idle timeout passes.</summary>
    [Fact]
    public async Task Silent_body_fails_as_stalled()
    {
        var pipe = new Pipe();
        await using var guarded = Guard(pipe.Reader.AsStream(), total: TimeSpan.FromMinutes(1), idle: TimeSpan.FromMilliseconds(200), maxBytes: null);

        var read = async () => await guarded.ReadAsync(new byte[16]);

        (await read.Should().ThrowAsync<UpstreamStalledException>()).Which.Message.Should().Contain("idleTimeoutSeconds");
    }

    /// <summary>The caller cancelling a read (the client left) is a cancellation, not an upstream timeout.</summary>
    [Fact]
    public async Task Caller_cancellation_stays_a_cancellation()
    {
        var pipe = new Pipe();
        await using var guarded = Guard(pipe.Reader.AsStream(), total: TimeSpan.FromMinutes(1), idle: TimeSpan.FromMinutes(1), maxBytes: null);
        using var cancel = new CancellationTokenSource();

        var read = guarded.ReadAsync(new byte[16], cancel.Token).AsTask();
        await cancel.CancelAsync();

        await read.Invoking(r => r).Should().ThrowAsync<OperationCanceledException>();
    }

    /// <summary>Reads go on working across many chunks, then the size cap stops a whole body.</summary>
    [Fact]
    public async Task Body_past_the_cap_fails_as_too_large()
    {
        await using var guarded = Guard(new MemoryStream(new byte[5000]), total: TimeSpan.FromMinutes(1), idle: TimeSpan.FromMinutes(1), maxBytes: 4096);
        var buffer = new byte[100];
        var total = 0;

        var readAll = async () =>
        {
            int n;
            while ((n = await guarded.ReadAsync(buffer)) > 0)
                total += n;
        };

        await readAll.Should().ThrowAsync<UpstreamResponseTooLargeException>();
        total.Should().Be(4000);
    }

    /// <summary>Once the whole-request time is spent, the next read fails naming timeoutSeconds.</summary>
    [Fact]
    public async Task Read_after_the_deadline_fails_as_total_exceeded()
    {
        var startedLongAgo = Stopwatch.GetTimestamp() - Stopwatch.Frequency * 10;
        await using var guarded = new GuardedResponseStream(new MemoryStream(new byte[10]), new UpstreamLimits(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), 1000), startedLongAgo, null);

        var read = async () => await guarded.ReadAsync(new byte[16]);

        (await read.Should().ThrowAsync<UpstreamStalledException>()).Which.Message.Should().Contain("timeoutSeconds");
    }

    /// <summary>
    /// A body that keeps sending, each piece well within the idle timeout, outlives that timeout: the watchdog times
    /// each wait, not the stream. The pieces come a twelfth of the timeout apart, a margin wide enough for a loaded
    /// test machine's late timers (a quarter failed once in CI, the full suite running beside it).
    /// </summary>
    [Fact]
    public async Task Body_that_keeps_sending_outlives_the_idle_timeout()
    {
        var pipe = new Pipe();
        await using var guarded = Guard(pipe.Reader.AsStream(), total: TimeSpan.FromMinutes(1), idle: TimeSpan.FromSeconds(3), maxBytes: null);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 16; i++)
            {
                await Task.Delay(250);
                await pipe.Writer.WriteAsync(new byte[8]);
            }
            await pipe.Writer.CompleteAsync();
        });
        var total = 0;
        int n;

        while ((n = await guarded.ReadAsync(new byte[64])) > 0)
            total += n;

        await writer;
        total.Should().Be(128);
    }

    /// <summary>A read still waiting when the whole-request time runs out fails naming timeoutSeconds, not the idle timeout.</summary>
    [Fact]
    public async Task Waiting_read_past_the_deadline_fails_as_total_exceeded()
    {
        var pipe = new Pipe();
        await using var guarded = Guard(pipe.Reader.AsStream(), total: TimeSpan.FromMilliseconds(300), idle: TimeSpan.FromMinutes(1), maxBytes: null);

        var read = async () => await guarded.ReadAsync(new byte[16]);

        (await read.Should().ThrowAsync<UpstreamStalledException>()).Which.Message.Should().Contain("timeoutSeconds").And.NotContain("idleTimeoutSeconds");
    }

    /// <summary>A guard started now with the given limits.</summary>
    private static GuardedResponseStream Guard(Stream inner, TimeSpan total, TimeSpan idle, long? maxBytes) =>
        new(inner, new UpstreamLimits(total, idle, maxBytes ?? long.MaxValue), Stopwatch.GetTimestamp(), maxBytes);
}
