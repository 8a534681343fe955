using System.Text.Json;
using FluentAssertions;
using PromptCapture.Capture.Store.Reading;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>Reading captures back for the logs command.</summary>
public class LogReaderTests
{
    /// <summary>Latest turns come back oldest first with prompt response and client.</summary>
    [Fact]
    public void Latest_turns_come_back_oldest_first_with_prompt_response_and_client()
    {
        using var h = new WriterHarness();
        h.Write(Turn([SystemPrompt("Be brief."), User("Hi")], Assistant("Hello!")));
        h.Write(Turn([SystemPrompt("Be brief."), User("Hi"), Assistant("Hello!"), User("How are you?")], Reasoned("polite", "Fine."), inputTokens: 9));
        h.Write(Turn([SystemPrompt("Be brief."), User("Hi"), Assistant("Hello!"), User("How are you?"), Assistant("Fine."), User("Bye")], Assistant("Bye!")));

        var entries = new LogReader(h.Path).ReadLatest(2);
        entries.Select(e => e.Prompt).Should().Equal("How are you?", "Bye");
        entries.Select(e => e.Response).Should().Equal("Fine.", "Bye!");
        entries[0].Reasoning.Should().Be("polite");
        entries[0].System.Should().Be("Be brief.");
        entries[0].InputTokens.Should().Be(9);
        entries[0].UserAgent.Should().Be("test-agent/1.0");
        entries[0].ConversationName.Should().Be("Hi");

        var json = JsonDocument.Parse(new LogReader(h.Path).ReadLatestJson(0)).RootElement;
        json.GetArrayLength().Should().Be(3);
        json[2].GetProperty("prompt").GetString().Should().Be("Bye");
        json[0].GetProperty("conversation_id").GetString().Should().Be(entries[0].ConversationId);
    }

    /// <summary>Reference db turns read like llm logs.</summary>
    [Fact]
    public void Reference_db_turns_read_like_llm_logs()
    {
        using var db = TempDatabase.CopyOfReference();
        var entries = new LogReader(db.Path).ReadLatest(0);
        entries.Should().HaveCount(7);
        entries[2].Prompt.Should().Be("Translate 'good morning' to French");
        entries[2].System.Should().Be("You are a terse translator.");
        entries[5].Prompt.Should().Be("", "a turn fed only by tool results has no prompt");
        entries[5].Response.Should().Be("The sum is 5");
        entries[6].ConversationName.Should().Be("Read this file");
    }

    /// <summary>Missing file reads as empty.</summary>
    [Fact]
    public void Missing_file_reads_as_empty()
    {
        new LogReader(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db")).ReadLatest(3).Should().BeEmpty();
    }
}
