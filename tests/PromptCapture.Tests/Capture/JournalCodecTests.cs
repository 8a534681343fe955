using System.Text.Json;
using FluentAssertions;
using PromptCapture.Capture;
using PromptCapture.Capture.Store.Journal;
using PromptCapture.Exchange;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>A record read back from the journal is the record the writer would have stored.</summary>
public sealed class JournalCodecTests
{
    /// <summary>Every stored field survives: messages with attachments and tool parts, options, tools, schema, the answer and its payload.</summary>
    [Fact]
    public void A_record_round_trips_through_the_journal_form()
    {
        var tool = new ExchangeTool("lookup", "Finds things", JsonDocument.Parse("""{"type":"object"}""").RootElement);
        var record = Turn([User("see"), new ExchangeMessage("user", [new ExchangePart(ExchangePartKind.Attachment, MimeType: "image/png", Content: [1, 2, 3])])],
            Assistant("ok"), options: [new("temperature", JsonDocument.Parse("0.5").RootElement)], tools: [tool]) with
        {
            TurnId = "01abc",
            Answer = new ExchangeAnswer
            {
                Text = "ok", Reasoning = "hm", Model = "m-1", Usage = new ExchangeUsage(3, 4, 7, CachedTokens: 1),
                ToolCalls = [new ExchangeToolCall("call_1", "lookup", """{"q":1}""")], RawJson = () => """{"id":"x"}""",
            },
            ErrorMessage = "none",
        };

        var back = JournalCodec.Decode(JournalCodec.EncodeFrame(record)[CaptureJournal.HeaderBytes..]);

        back.TurnId.Should().Be("01abc");
        back.Messages.Should().BeEquivalentTo(record.Messages);
        back.Options.Single().Value.GetRawText().Should().Be("0.5");
        back.Tools.Single().Parameters!.Value.GetRawText().Should().Be("""{"type":"object"}""");
        back.Client.Should().Be(record.Client);
        back.Target.Should().Be(record.Target);
        back.StartedUtc.Should().Be(record.StartedUtc);
        back.Output.Should().BeEquivalentTo(record.Output);
        back.ResponseJson.Should().Be("""{"id":"x"}""");
        back.TokenDetails.Should().Equal(record.TokenDetails);
        (back.Outcome, back.HttpStatus, back.ErrorMessage, back.DurationMs).Should().Be((record.Outcome, record.HttpStatus, record.ErrorMessage, record.DurationMs));
    }
}
