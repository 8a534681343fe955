using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>
/// Reads a server-sent event stream's data payloads as they arrive: lines split on LF (a CR before it dropped),
/// "data:" lines of one event joined with LF, comments and other fields skipped, "[DONE]" as the end.
/// </summary>
internal sealed class SseDataReader
{
    /// <summary>The end-of-stream payload of OpenAI-style streams.</summary>
    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    /// <summary>The data of the event being read, in a pooled array returned when the stream ends.</summary>
    private byte[] _data = ArrayPool<byte>.Shared.Rent(1024);

    /// <summary>How much of <see cref="_data"/> holds the event's data.</summary>
    private int _length;

    /// <summary>How many bytes of the unread line are known to hold no line feed.</summary>
    private long _searched;

    /// <summary>Whether the event being read has a data line yet.</summary>
    private bool _hasData;

    /// <summary>Whether "[DONE]" was read, or an event failed to decode.</summary>
    private bool _done;

    /// <summary>Why an event could not be decoded; thrown once the events before it have been handed on.</summary>
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _failure;

    /// <summary>
    /// Each event's data decoded by <paramref name="decode"/> (called before the bytes are released), in order,
    /// until "[DONE]" or the end of <paramref name="stream"/>.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, SseDecoder<T> decode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        var state = new SseDataReader();
        var ready = new List<T>();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                state.Lines(ref buffer, decode, ready);
                if (result.IsCompleted && !state._done)
                {
                    // A last line without its LF, then an event the stream did not close with a blank line (read
                    // before AdvanceTo, after which the buffer's memory is the pipe's again).
                    if (!buffer.IsEmpty)
                        state.Line(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray(), decode, ready);
                    state.Dispatch(decode, ready);
                }
                reader.AdvanceTo(buffer.Start, result.Buffer.End);
                foreach (var item in ready)
                    yield return item;
                ready.Clear();
                state._failure?.Throw();
                if (state._done || result.IsCompleted)
                    yield break;
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(state._data);
        }
    }

    /// <summary>Consumes every whole line of <paramref name="buffer"/>, decoding finished events into <paramref name="ready"/>.</summary>
    private void Lines<T>(ref ReadOnlySequence<byte> buffer, SseDecoder<T> decode, List<T> ready)
    {
        while (!_done)
        {
            // Only bytes not searched before: a long line arriving in many reads is scanned once, not once per read.
            var end = buffer.Slice(_searched).PositionOf((byte)'\n');
            if (end is null)
            {
                _searched = buffer.Length;
                return;
            }
            _searched = 0;
            var line = buffer.Slice(0, end.Value);
            Line(line.IsSingleSegment ? line.FirstSpan : line.ToArray(), decode, ready);
            buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        }
    }

    /// <summary>One line of the stream.</summary>
    private void Line<T>(ReadOnlySpan<byte> line, SseDecoder<T> decode, List<T> ready)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        if (line.IsEmpty)
        {
            Dispatch(decode, ready);
            return;
        }
        if (!line.StartsWith("data:"u8))
            return; // a comment (": ping"), or event:, id:, retry:
        var data = line[5..];
        if (data.Length > 0 && data[0] == (byte)' ')
            data = data[1..];
        if (_hasData)
            Append("\n"u8);
        Append(data);
        _hasData = true;
    }

    /// <summary>Ends the current event: "[DONE]" stops the stream, anything else is decoded.</summary>
    private void Dispatch<T>(SseDecoder<T> decode, List<T> ready)
    {
        if (!_hasData)
            return;
        var data = _data.AsSpan(0, _length);
        if (data.SequenceEqual(Done))
            _done = true;
        else if (!data.IsEmpty)
        {
            try
            {
                ready.Add(decode(data));
            }
            catch (Exception error)
            {
                _failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error);
                _done = true;
            }
        }
        _length = 0;
        _hasData = false;
    }

    /// <summary>Adds to the event's data, moving to a larger pooled array when it does not fit.</summary>
    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _data.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, _length + bytes.Length));
            _data.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = larger;
        }
        bytes.CopyTo(_data.AsSpan(_length));
        _length += bytes.Length;
    }
}

/// <summary>Turns one event's data into a value while the bytes are still valid.</summary>
/// <typeparam name="T">What each event becomes.</typeparam>
/// <param name="data">The event's data, joined lines.</param>
internal delegate T SseDecoder<out T>(ReadOnlySpan<byte> data);
