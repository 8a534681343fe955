using System.Diagnostics;

namespace PromptCapture.Providers;

/// <summary>
/// A read-only view of an upstream body in which every read is bounded by the idle timeout and the request's total
/// deadline, and a whole (non-streaming) body by its size cap. One timer source is reused across reads, so a long
/// stream costs no allocation per chunk.
/// </summary>
internal sealed class GuardedResponseStream(Stream inner, UpstreamLimits limits, long startedTimestamp, long? maxBytes) : Stream
{
    /// <summary>Cancels the read in progress when its wait runs out; reset between reads.</summary>
    private CancellationTokenSource _timer = new();

    /// <summary>Bytes read so far.</summary>
    private long _read;

    /// <summary>Reads with the limits applied; a read the caller cancels stays a cancellation.</summary>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var remaining = limits.Total - Stopwatch.GetElapsedTime(startedTimestamp);
        if (remaining <= TimeSpan.Zero)
            throw TotalExceeded();
        var totalIsNearer = remaining < limits.Idle;
        if (!_timer.TryReset())
        {
            _timer.Dispose();
            _timer = new CancellationTokenSource();
        }
        _timer.CancelAfter(totalIsNearer ? remaining : limits.Idle);
        int count;
        using (cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timer))
        {
            try
            {
                count = await inner.ReadAsync(buffer, _timer.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or IOException
                && _timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw totalIsNearer ? TotalExceeded() : new UpstreamStalledException(
                    $"sent nothing for {limits.Idle.TotalSeconds:0.###} s in the middle of its answer (idleTimeoutSeconds in providers.json).");
            }
        }
        _read += count;
        if (_read > maxBytes)
            throw new UpstreamResponseTooLargeException(maxBytes.Value);
        return count;
    }

    /// <summary>The failure for a body still arriving when the whole request's time is up.</summary>
    private UpstreamStalledException TotalExceeded() =>
        new($"was still answering after {limits.Total.TotalSeconds:0.###} s, the whole-request limit (timeoutSeconds in providers.json).");

    /// <summary>Array form of <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Synchronous reads (unused by the SDK's async paths) go through the same limits.</summary>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Releases the upstream body and the timer.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _timer.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Releases the upstream body and the timer.</summary>
    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        _timer.Dispose();
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
