using FluentAssertions;
using PromptCapture.Capture.Store.Reading;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>`logs -q`: llm's turn_search index, matched as FTS5 matches and ranked as llm 0.32 ranks.</summary>
public class LogSearchTests
{
    /// <summary>llm's own rows are found by a word of the response; words of other turns do not leak in.</summary>
    [Fact]
    public void Search_finds_llm_turns_by_response_words()
    {
        using var db = TempDatabase.CopyOfReference();

        var found = new LogReader(db.Path).Search("Percy", 0, latest: false);

        found.Select(e => e.Prompt).Should().BeEquivalentTo("Suggest a name for a pet pelican", "Now one for a pet walrus");
    }

    /// <summary>
    /// bm25(turn_search_fts, 10.0, 1.0) weighs the prompt ten times the response: a turn that asked about otters beats a
    /// newer turn whose answer merely mentions them; --latest turns ranking off and puts the newest first.
    /// </summary>
    [Fact]
    public void Prompt_match_outranks_response_match_unless_latest()
    {
        using var h = new WriterHarness();
        h.Write(Turn([User("Tell me about otters")], Assistant("They are playful mammals.")));
        h.Write(Turn([User("Name a river animal")], Assistant("Otters, beavers and herons live by rivers.")));
        h.Write(Turn([User("Something else")], Assistant("Nothing to do with it.")));
        var reader = new LogReader(h.Path);

        reader.Search("otters", 0, latest: false).Select(e => e.Prompt).Should().Equal("Tell me about otters", "Name a river animal");
        reader.Search("otters", 0, latest: true).Select(e => e.Prompt).Should().Equal("Name a river animal", "Tell me about otters");
        reader.Search("otters", 1, latest: false).Should().ContainSingle().Which.Prompt.Should().Be("Tell me about otters");
    }

    /// <summary>The query reaches FTS5 as typed, as llm passes it: phrases, OR and prefixes work; case does not matter.</summary>
    [Theory]
    [InlineData("\"good morning\"", new[] { "Translate 'good morning' to French" })]
    [InlineData("walrus OR bonjour", new[] { "Now one for a pet walrus", "Translate 'good morning' to French" })]
    [InlineData("PELIC*", new[] { "Suggest a name for a pet pelican" })]
    [InlineData("hello world", new[] { "Read this file" })]
    public void Query_uses_fts5_syntax(string query, string[] prompts)
    {
        using var db = TempDatabase.CopyOfReference();

        new LogReader(db.Path).Search(query, 0, latest: false).Select(e => e.Prompt).Should().BeEquivalentTo(prompts);
    }

    /// <summary>A query FTS5 cannot parse is reported with SQLite's own words, as llm shows them, not as a crash.</summary>
    [Fact]
    public void Unparseable_query_is_reported_with_sqlite_message()
    {
        using var db = TempDatabase.CopyOfReference();

        var act = () => new LogReader(db.Path).Search("\"unbalanced", 0, latest: false);

        act.Should().Throw<InvalidSearchQueryException>().WithMessage("unterminated string");
    }

    /// <summary>A database without llm 0.32's tables (or no file) has nothing to find.</summary>
    [Fact]
    public void Database_without_turn_search_finds_nothing()
    {
        using var db = new TempDatabase();
        using (var connection = db.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE turns (id TEXT PRIMARY KEY)";
            command.ExecuteNonQuery();
        }

        new LogReader(db.Path).Search("anything", 3, latest: false).Should().BeEmpty();
        new LogReader(Path.Combine(db.Directory, "missing.db")).Search("anything", 3, latest: false).Should().BeEmpty();
    }
}
