using FluentAssertions;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>ULIDs, Python timestamps and conversation names, each against llm's own examples.</summary>
public class SmallPiecesTests
{
    /// <summary>Ulids are lowercase time ordered and strictly increasing within a millisecond.</summary>
    [Fact]
    public void Ulids_are_lowercase_time_ordered_and_strictly_increasing_within_a_millisecond()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 1000).Select(_ => Ulid.NewUlid(now)).ToList();
        ids.Should().OnlyHaveUniqueItems();
        ids.Should().BeInAscendingOrder(StringComparer.Ordinal);
        ids.Should().AllSatisfy(id => id.Should().MatchRegex("^[0-9a-hjkmnp-tv-z]{26}$"));
        Ulid.TimeOf(ids[0]).ToUnixTimeMilliseconds().Should().Be(now.ToUnixTimeMilliseconds());
        Ulid.TimeOf("01m89n328hp1jf0m9k5h8ph0p9").Year.Should().Be(2026, "llm's reference ids decode to their time");
    }

    /// <summary>Ulids stay increasing across threads.</summary>
    [Fact]
    public void Ulids_stay_increasing_across_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ => { for (var i = 0; i < 500; i++) ids.Add(Ulid.NewUlid()); });
        ids.Should().OnlyHaveUniqueItems();
    }

    /// <summary>Python datetime renderings match.</summary>
    [Fact]
    public void Python_datetime_renderings_match()
    {
        var t = new DateTimeOffset(2026, 11, 25, 15, 24, 17, TimeSpan.Zero).AddTicks(1941810);
        PythonTime.Str(t).Should().Be("2026-11-25 15:24:17.194181+00:00");
        PythonTime.IsoFormat(t).Should().Be("2026-11-25T15:24:17.194181+00:00");
        PythonTime.IsoFormat(t.ToOffset(TimeSpan.FromHours(2))).Should().Be("2026-11-25T15:24:17.194181+00:00");
    }

    /// <summary>Conversation names follow llm.</summary>
    [Theory]
    [InlineData("Suggest a name for a pet pelican", "Suggest a name for a pet pelican")]
    [InlineData("Translate 'good morning' to French", "Translate 'good morning' to Fre\u2026")]
    [InlineData("  two\n\nlines ", " two lines ")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀\u2026")]
    public void Conversation_names_follow_llm(string text, string expected) => ConversationName.Of(text).Should().Be(expected);
}
