using System.Text;
using FluentAssertions;
using PromptCapture.Providers.OpenAIWire;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>The server-sent event reading under the OpenAI-compatible service: framing as real servers send it, however the bytes arrive.</summary>
public sealed class SseDataReaderTests
{
    /// <summary>CRLF lines, comments, named events, ids and multi-line data: only data reaches the decoder, joined with LF; [DONE] ends it.</summary>
    [Fact]
    public async Task Data_of_each_event_is_joined_and_everything_else_is_skipped()
    {
        const string wire = ": ping\r\n\r\nevent: chunk\r\nid: 7\r\ndata: {\"a\":\r\ndata:1}\r\n\r\nretry: 100\n\ndata:{\"b\":2}\n\ndata: [DONE]\n\ndata: {\"after\":true}\n\n";

        var events = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(wire)));

        events.Should().Equal("{\"a\":\n1}", "{\"b\":2}");
    }

    /// <summary>A stream that hands over one byte per read (events split anywhere) gives the same events, and a last event without its blank line still counts.</summary>
    [Fact]
    public async Task Events_split_across_reads_and_a_last_event_without_a_blank_line_are_read_whole()
    {
        const string wire = "data: {\"text\":\"héllo\"}\n\ndata: {\"n\":2}\n\ndata: {\"tail\":3}";

        var events = await ReadAllAsync(new TrickleStream(Encoding.UTF8.GetBytes(wire)));

        events.Should().Equal("{\"text\":\"héllo\"}", "{\"n\":2}", "{\"tail\":3}");
    }

    /// <summary>When an event cannot be decoded, the events before it are handed on first and then the failure is thrown.</summary>
    [Fact]
    public async Task A_failing_event_is_thrown_after_the_events_before_it()
    {
        var wire = Encoding.UTF8.GetBytes("data: one\n\ndata: two\n\ndata: bad\n\ndata: four\n\n");
        var seen = new List<string>();

        var read = async () =>
        {
            await foreach (var item in SseDataReader.ReadAsync(new MemoryStream(wire), Decode, CancellationToken.None))
                seen.Add(item);
        };

        await read.Should().ThrowAsync<InvalidDataException>().WithMessage("bad event");
        seen.Should().Equal("one", "two");

        static string Decode(ReadOnlySpan<byte> data) =>
            data.SequenceEqual("bad"u8) ? throw new InvalidDataException("bad event") : Encoding.UTF8.GetString(data);
    }

    /// <summary>Every event's data as text.</summary>
    private static async Task<List<string>> ReadAllAsync(Stream stream)
    {
        var events = new List<string>();
        await foreach (var data in SseDataReader.ReadAsync(stream, d => Encoding.UTF8.GetString(d), CancellationToken.None))
            events.Add(data);
        return events;
    }

    /// <summary>A read-only stream that returns at most one byte per read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        /// <inheritdoc />
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        /// <inheritdoc />
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        /// <inheritdoc />
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        /// <inheritdoc />
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
