namespace PromptCapture.Bench.Load;

/// <summary>Counts server-sent events as bytes arrive (an event ends with a blank line) and remembers how the stream ended.</summary>
internal sealed class SseScanner
{
    /// <summary>The closing event every OpenAI stream ends with.</summary>
    private static readonly byte[] DoneEvent = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>The last bytes seen, enough to recognise the closing event.</summary>
    private readonly byte[] _tail = new byte[DoneEvent.Length];

    /// <summary>How many tail bytes are valid.</summary>
    private int _tailLength;

    /// <summary>Whether the previous byte was a newline, so "\n\n" split across reads still counts.</summary>
    private bool _afterNewline;

    /// <summary>Complete events seen so far.</summary>
    public int Events { get; private set; }

    /// <summary>Whether the bytes so far end with "data: [DONE]\n\n".</summary>
    public bool EndedWithDone => _tailLength == _tail.Length && _tail.AsSpan().SequenceEqual(DoneEvent);

    /// <summary>Takes the next bytes of the body.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                if (_afterNewline)
                    Events++;
                _afterNewline = true;
            }
            else if (b != (byte)'\r')
            {
                _afterNewline = false;
            }
        }
        Remember(bytes);
    }

    /// <summary>Keeps the last <see cref="DoneEvent"/>-length bytes.</summary>
    private void Remember(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= _tail.Length)
        {
            bytes[^_tail.Length..].CopyTo(_tail);
            _tailLength = _tail.Length;
            return;
        }
        var keep = Math.Min(_tailLength, _tail.Length - bytes.Length);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        bytes.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + bytes.Length;
    }
}
