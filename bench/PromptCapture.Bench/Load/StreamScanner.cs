namespace PromptCapture.Bench.Load;

/// <summary>
/// Counts streamed events as bytes arrive (SSE: a blank line ends one; NDJSON: a newline) and notices the end
/// marker, wherever the reads split it, without allocating per read.
/// </summary>
/// <param name="framing">How events are delimited.</param>
/// <param name="endMarker">Bytes the closing event carries.</param>
internal sealed class StreamScanner(StreamFraming framing, byte[] endMarker)
{
    /// <summary>For each marker prefix length, the longest proper prefix that is also its suffix (Knuth-Morris-Pratt).</summary>
    private readonly int[] _fallback = Fallback(endMarker);

    /// <summary>How much of the marker the bytes so far end with (a running prefix match).</summary>
    private int _matched;

    /// <summary>Whether the previous byte was a newline, so "\n\n" split across reads still counts.</summary>
    private bool _afterNewline;

    /// <summary>Complete events seen so far.</summary>
    public int Events { get; private set; }

    /// <summary>Whether the end marker has been seen.</summary>
    public bool Ended { get; private set; }

    /// <summary>Takes the next bytes of the body.</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            Count(b);
            if (!Ended)
                Match(b);
        }
    }

    /// <summary>Counts an event at its delimiter.</summary>
    private void Count(byte b)
    {
        if (b == (byte)'\n')
        {
            if (framing == StreamFraming.NewlineDelimitedJson || _afterNewline)
                Events++;
            _afterNewline = true;
        }
        else if (b != (byte)'\r')
        {
            _afterNewline = false;
        }
    }

    /// <summary>Advances the marker match by one byte.</summary>
    private void Match(byte b)
    {
        while (_matched > 0 && b != endMarker[_matched])
            _matched = _fallback[_matched];
        if (b == endMarker[_matched])
            _matched++;
        if (_matched == endMarker.Length)
            Ended = true;
    }

    /// <summary>The fallback table of a marker.</summary>
    private static int[] Fallback(byte[] marker)
    {
        var table = new int[marker.Length + 1];
        var k = 0;
        for (var i = 1; i < marker.Length; i++)
        {
            while (k > 0 && marker[i] != marker[k])
                k = table[k];
            if (marker[i] == marker[k])
                k++;
            table[i + 1] = k;
        }
        return table;
    }
}
