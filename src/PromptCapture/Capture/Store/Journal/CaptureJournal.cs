using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace PromptCapture.Capture.Store.Journal;

/// <summary>Where one journaled record lies, so the writer can read it back when it was not kept in memory.</summary>
/// <param name="Segment">The segment file holding it.</param>
/// <param name="Offset">Offset of its payload in the file.</param>
/// <param name="Length">Payload length in bytes.</param>
/// <param name="Sequence">Its place in journal order (1, 2, ...), by which commits are acknowledged.</param>
internal sealed record JournalLocation(JournalSegment Segment, long Offset, int Length, long Sequence);

/// <summary>One segment file: an append-only run of framed records.</summary>
/// <param name="Path">The file.</param>
/// <param name="Handle">The open handle; its lock tells other processes the segment is in use.</param>
internal sealed class JournalSegment(string Path, SafeFileHandle Handle)
{
    /// <summary>The file.</summary>
    public string Path { get; } = Path;
    /// <summary>The open handle.</summary>
    public SafeFileHandle Handle { get; } = Handle;
    /// <summary>Bytes written so far (the next frame's offset).</summary>
    public long Length { get; set; }
    /// <summary>Sequence number of the last record appended, 0 when none.</summary>
    public long LastSequence { get; set; }
}

/// <summary>
/// The capture journal: an append-only log of capture records in segment files beside the database, written on the
/// request path before the answer is complete so a process crash loses nothing, fsynced in batches by a background
/// flusher (a power loss can cost the last <see cref="FlushInterval"/>), and cut segment by segment once the writer
/// has committed every record in them. Segments left by a process that died are replayed at the next start.
/// </summary>
internal sealed class CaptureJournal : IDisposable
{
    /// <summary>A segment is closed and a new one started past this size, so committed ones can be deleted.</summary>
    internal const long SegmentBytes = 16L * 1024 * 1024;

    /// <summary>How often written records are forced to disk; the window a power loss (not a crash) can cost.</summary>
    internal static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>File name ending of segments.</summary>
    private const string Extension = ".pcj";

    /// <summary>Frame header: payload length (4 bytes) and a check word (4 bytes) that a torn or zeroed tail fails.</summary>
    internal const int HeaderBytes = 8;

    /// <summary>Mixed into the check word so zeros never pass as a frame.</summary>
    private const uint Magic = 0x50434A31; // "PCJ1"

    /// <summary>Guards appends, rotation and the segment list.</summary>
    private readonly Lock _lock = new();

    /// <summary>This process's segments not yet deleted, oldest first; the last one is being appended to.</summary>
    private readonly List<JournalSegment> _segments = [];

    /// <summary>Stops the flusher.</summary>
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The background fsync thread.</summary>
    private readonly Thread _flusher;

    /// <summary>Numbers this process's segment files.</summary>
    private int _segmentNumber;

    /// <summary>Sequence number of the last record appended.</summary>
    private long _sequence;

    /// <summary>Highest sequence number the writer has committed.</summary>
    private long _committed;

    /// <summary>1 when something was written since the last fsync.</summary>
    private int _dirty;

    /// <summary>Released when the journal turns dirty, so an idle flusher sleeps instead of waking every few milliseconds.</summary>
    private readonly SemaphoreSlim _written = new(0);

    /// <summary>Creates the folder, takes over segments no live process holds, and opens a fresh segment.</summary>
    private CaptureJournal(string directory, List<JournalSegment> orphans)
    {
        Directory = directory;
        Orphans = orphans;
        _segments.Add(NewSegment());
        _flusher = new Thread(FlushLoop) { IsBackground = true, Name = "PromptCapture journal" };
        _flusher.Start();
    }

    /// <summary>The journal folder.</summary>
    public string Directory { get; }

    /// <summary>Segments a previous process left (oldest first), to replay before anything new; held locked by us.</summary>
    public IReadOnlyList<JournalSegment> Orphans { get; }

    /// <summary>The journal folder of a database: beside it, named after it.</summary>
    public static string DirectoryFor(string databasePath) => databasePath + ".capture-journal";

    /// <summary>Opens (creating) the journal of <paramref name="databasePath"/>.</summary>
    public static CaptureJournal Open(string databasePath)
    {
        var directory = DirectoryFor(databasePath);
        System.IO.Directory.CreateDirectory(directory);
        var orphans = new List<JournalSegment>();
        foreach (var path in System.IO.Directory.GetFiles(directory, "*" + Extension).Order(StringComparer.Ordinal))
        {
            try
            {
                // An exclusive lock succeeds only when no running process has the segment open.
                var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                orphans.Add(new JournalSegment(path, handle) { Length = RandomAccess.GetLength(handle) });
            }
            catch (IOException)
            {
                // Another gateway on the same database is using it: that process writes it.
            }
        }
        return new CaptureJournal(directory, orphans);
    }

    /// <summary>
    /// Appends one frame (<see cref="HeaderBytes"/> of room, then the record; see <see cref="JournalCodec.EncodeFrame"/>)
    /// in one write and returns where the record is; the bytes are in the OS before this returns (so a crash of this
    /// process keeps them), on disk within <see cref="FlushInterval"/>. Thread-safe; never waits for fsync.
    /// </summary>
    public JournalLocation Append(Span<byte> frame)
    {
        var length = frame.Length - HeaderBytes;
        BinaryPrimitives.WriteInt32LittleEndian(frame, length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Magic ^ (uint)length);
        lock (_lock)
        {
            var segment = _segments[^1];
            if (segment.Length > 0 && segment.Length + frame.Length > SegmentBytes)
            {
                segment = NewSegment();
                _segments.Add(segment);
            }
            var offset = segment.Length;
            // Under the lock, so frames never interleave and a crash can only tear the last one.
            RandomAccess.Write(segment.Handle, frame, offset);
            segment.Length = offset + frame.Length;
            segment.LastSequence = ++_sequence;
            if (Interlocked.Exchange(ref _dirty, 1) == 0)
                _written.Release();
            return new JournalLocation(segment, offset + HeaderBytes, length, _sequence);
        }
    }

    /// <summary>Reads a record back (one the memory cache did not keep).</summary>
    public static byte[] Read(JournalLocation location)
    {
        var bytes = new byte[location.Length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(location.Segment.Handle, bytes.AsSpan(read), location.Offset + read);
            if (n <= 0)
                throw new IOException($"The capture journal {location.Segment.Path} ends before a record it holds.");
            read += n;
        }
        return bytes;
    }

    /// <summary>
    /// The writer has committed every record up to <paramref name="sequence"/>: segments holding only such records
    /// are deleted (the current one too once it is big enough to be worth starting afresh).
    /// </summary>
    public void Committed(long sequence)
    {
        List<JournalSegment> done;
        lock (_lock)
        {
            _committed = Math.Max(_committed, sequence);
            var current = _segments[^1];
            if (current.LastSequence <= _committed && current.Length >= SegmentBytes / 16)
                _segments.Add(NewSegment());
            done = [.. _segments.Take(_segments.Count - 1).TakeWhile(s => s.LastSequence <= _committed)];
        }
        if (done.Count == 0)
            return;
        // The database's commit is not on disk until its log is synced (WAL with synchronous=NORMAL): make it so
        // before the only other copy goes, and outside the lock, so requests appending meanwhile never wait on it.
        BeforeDelete?.Invoke();
        lock (_lock)
        {
            foreach (var segment in done)
            {
                _segments.Remove(segment);
                DeleteSegment(segment);
            }
        }
    }

    /// <summary>Makes what the database has committed durable; run before segments holding those records are deleted.</summary>
    public Action? BeforeDelete { get; set; }

    /// <summary>The payloads of an orphaned segment in order, stopping at a torn tail (a write cut by the crash).</summary>
    public static IEnumerable<byte[]> ReadAll(JournalSegment segment)
    {
        var header = new byte[HeaderBytes];
        for (long offset = 0; offset + HeaderBytes <= segment.Length;)
        {
            if (RandomAccess.Read(segment.Handle, header, offset) < HeaderBytes)
                yield break;
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var check = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length <= 0 || check != (Magic ^ (uint)length) || offset + HeaderBytes + length > segment.Length)
                yield break;
            yield return Read(new JournalLocation(segment, offset + HeaderBytes, length, 0));
            offset += HeaderBytes + length;
        }
    }

    /// <summary>Removes a segment once everything in it is in the database (its handle is closed even if the delete fails).</summary>
    public static void DeleteSegment(JournalSegment segment)
    {
        try
        {
            File.Delete(segment.Path);
        }
        finally
        {
            segment.Handle.Dispose();
        }
    }

    /// <summary>Forces everything written to disk now (also what stop does before it returns).</summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref _dirty, 0) == 0)
            return;
        JournalSegment[] segments;
        lock (_lock)
            segments = [.. _segments];
        foreach (var segment in segments)
        {
            try
            {
                RandomAccess.FlushToDisk(segment.Handle);
            }
            catch (ObjectDisposedException)
            {
                // Deleted meanwhile: its records are committed.
            }
        }
    }

    /// <summary>
    /// Stops the flusher and syncs; segments with uncommitted records stay for the next start, the rest are deleted.
    /// </summary>
    public void Dispose()
    {
        _stop.Cancel();
        _flusher.Join(TimeSpan.FromSeconds(5));
        Flush();
        lock (_lock)
        {
            var durable = false;
            foreach (var segment in _segments)
            {
                if (segment.LastSequence <= _committed && (durable || TryMakeDurable(ref durable)))
                    DeleteSegment(segment);
                else
                    segment.Handle.Dispose();
            }
            _segments.Clear();
        }
        _stop.Dispose();
        _written.Dispose();
    }

    /// <summary>Runs <see cref="BeforeDelete"/> once at stop; a segment stays (and is replayed) when that fails.</summary>
    private bool TryMakeDurable(ref bool durable)
    {
        try
        {
            BeforeDelete?.Invoke();
            durable = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Kept: replaying committed records is harmless (their ids are skipped).
        }
        return durable;
    }

    /// <summary>
    /// Once something is written, waits <see cref="FlushInterval"/> for more to gather and fsyncs it all; sleeps while
    /// nothing is written. Its own thread, because an fsync blocks for milliseconds and, 200 times a second on a
    /// thread-pool thread, starves the requests' threads; the request path never waits for it.
    /// </summary>
    private void FlushLoop()
    {
        try
        {
            while (true)
            {
                _written.Wait(_stop.Token);
                if (_stop.Token.WaitHandle.WaitOne(FlushInterval))
                    return;
                try
                {
                    Flush();
                }
                catch (IOException)
                {
                    // A full or failing disk: marked dirty again so a later round tries again; the records are
                    // still in the OS's cache.
                    if (Interlocked.Exchange(ref _dirty, 1) == 0)
                        _written.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A new segment file, named so that names sort in creation order across processes.</summary>
    private JournalSegment NewSegment()
    {
        var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfffffff}-{Environment.ProcessId}-{++_segmentNumber:D6}{Extension}";
        var path = Path.Combine(Directory, name);
        // FileShare.Read: a shared lock, so another process's Open sees the segment is in use.
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        return new JournalSegment(path, handle);
    }
}
