using System.Diagnostics;

namespace PromptCapture.Providers;

/// <summary>
/// A read-only view of an upstream body in which every read is bounded by the idle timeout and the request's total
/// deadline, and a whole (non-streaming) body by its size cap. A read costs two timestamps: a watchdog timer, made
/// on the first read that has to wait, looks at the read in progress now and then and cancels it once it has waited
/// too long, instead of a timer being re-armed around every read.
/// </summary>
internal sealed class GuardedResponseStream(Stream inner, UpstreamLimits limits, long startedTimestamp, long? maxBytes) : Stream
{
    /// <summary>Cancels the inner read when the watchdog finds it stalled or the caller cancels; one for the stream's life.</summary>
    private readonly CancellationTokenSource _stall = new();

    /// <summary>Wakes now and then to look at the read in progress; null until a read had to wait.</summary>
    private Timer? _watchdog;

    /// <summary>The caller's token whose cancellation is wired to <see cref="_stall"/> once for all reads.</summary>
    private CancellationToken _linked;

    /// <summary>That wiring, released on dispose.</summary>
    private CancellationTokenRegistration _linkage;

    /// <summary>Stopwatch timestamp at which the read now waiting began; 0 while none waits.</summary>
    private long _waitingSince;

    /// <summary>Set by the watchdog before it cancels: true when the total deadline ran out, false for the idle timeout.</summary>
    private volatile bool _totalExceeded;

    /// <summary>Set on dispose, so a late watchdog tick does nothing.</summary>
    private volatile bool _disposed;

    /// <summary>Bytes read so far.</summary>
    private long _read;

    /// <summary>Reads with the limits applied; a read the caller cancels stays a cancellation.</summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var remaining = limits.Total - Stopwatch.GetElapsedTime(startedTimestamp);
        if (remaining <= TimeSpan.Zero)
            throw TotalExceeded();
        using var perRead = Link(cancellationToken);
        int count;
        try
        {
            var read = inner.ReadAsync(buffer, _stall.Token);
            if (read.IsCompleted)
                count = read.GetAwaiter().GetResult();
            else
            {
                Volatile.Write(ref _waitingSince, Stopwatch.GetTimestamp());
                _watchdog ??= new Timer(static state => ((GuardedResponseStream)state!).Check(), this, Nearest(remaining), Timeout.InfiniteTimeSpan);
                try
                {
                    count = await read.ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref _waitingSince, 0);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException
            && _stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw _totalExceeded ? TotalExceeded() : Stalled();
        }
        _read += count;
        if (_read > maxBytes)
            throw new UpstreamResponseTooLargeException(maxBytes.Value);
        return count;
    }

    /// <summary>
    /// Wires the caller's cancellation to <see cref="_stall"/>: once for the token all reads share (the SDK passes the
    /// request's), per read only for a read that brings a different one.
    /// </summary>
    private CancellationTokenRegistration Link(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _linked)
            return default;
        var registration = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _stall);
        if (_linked.CanBeCanceled)
            return registration;
        (_linked, _linkage) = (cancellationToken, registration);
        return default;
    }

    /// <summary>The watchdog's tick: cancels a read that has waited past the idle timeout or the deadline, else looks again when one could.</summary>
    private void Check()
    {
        if (_disposed)
            return;
        var remaining = limits.Total - Stopwatch.GetElapsedTime(startedTimestamp);
        var since = Volatile.Read(ref _waitingSince);
        var next = limits.Idle;
        if (since != 0)
        {
            var waited = Stopwatch.GetElapsedTime(since);
            if (waited >= limits.Idle || remaining <= TimeSpan.Zero)
            {
                _totalExceeded = remaining <= TimeSpan.Zero;
                try
                {
                    _stall.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // disposed between the check above and here: nothing is reading any more
                }
                return;
            }
            next = limits.Idle - waited;
        }
        else if (remaining <= TimeSpan.Zero)
            return; // past the deadline every read fails at its start, so nothing is left to watch (and a body never disposed is not kept alive by its timer)
        try
        {
            _watchdog?.Change(Nearest(remaining, next), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // disposed meanwhile
        }
    }

    /// <summary>The sooner of <paramref name="wait"/> (the idle timeout by default) and a still-running deadline.</summary>
    private TimeSpan Nearest(TimeSpan remaining, TimeSpan? wait = null)
    {
        var idle = wait ?? limits.Idle;
        return remaining > TimeSpan.Zero && remaining < idle ? remaining : idle;
    }

    /// <summary>The failure for a body that sent nothing for the idle timeout.</summary>
    private UpstreamStalledException Stalled() =>
        new($"sent nothing for {limits.Idle.TotalSeconds:0.###} s in the middle of its answer (idleTimeoutSeconds in providers.json).");

    /// <summary>The failure for a body still arriving when the whole request's time is up.</summary>
    private UpstreamStalledException TotalExceeded() =>
        new($"was still answering after {limits.Total.TotalSeconds:0.###} s, the whole-request limit (timeoutSeconds in providers.json).");

    /// <summary>Array form of <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Synchronous reads (unused by the SDK's async paths) go through the same limits.</summary>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Stops the watchdog and the wiring to the caller's token.</summary>
    private void Release()
    {
        _disposed = true;
        _watchdog?.Dispose();
        _linkage.Dispose();
        _stall.Dispose();
    }

    /// <summary>Releases the upstream body and the watchdog.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            Release();
        }
        base.Dispose(disposing);
    }

    /// <summary>Releases the upstream body and the watchdog.</summary>
    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        Release();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Readable.</summary>
    public override bool CanRead => true;
    /// <summary>Not seekable.</summary>
    public override bool CanSeek => false;
    /// <summary>Not writable.</summary>
    public override bool CanWrite => false;
    /// <summary>Unknown for a network body.</summary>
    public override long Length => throw new NotSupportedException();
    /// <summary>Not seekable.</summary>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <summary>Nothing to flush.</summary>
    public override void Flush() { }
    /// <summary>Not seekable.</summary>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <summary>Read-only.</summary>
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <summary>Read-only.</summary>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
