using FluentAssertions;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>A batch written a record per step, as the writer threads take it (possibly handing it between them).</summary>
public sealed class BatchWriteTests
{
    /// <summary>Steps taken on two different threads, one at a time, make one transaction with every record in it.</summary>
    [Fact]
    public async Task Steps_on_different_threads_commit_the_whole_batch()
    {
        using var h = new WriterHarness();
        using var batch = h.Writer.Begin([Turn([User("one")], Assistant("1")), Turn([User("two")], Assistant("2"))]);

        batch.WriteNext().Should().BeTrue();
        (await Task.Run(batch.WriteNext)).Should().BeTrue();
        h.Scalar("SELECT count(*) FROM turns").Should().Be(2L, "this connection sees its own open transaction");
        TurnsSeenByAnotherConnection(h).Should().Be(0L, "nothing is committed before the last step");
        (await Task.Run(batch.WriteNext)).Should().BeFalse("the step after the last record commits");
        TurnsSeenByAnotherConnection(h).Should().Be(2L);

        batch.Results.Should().HaveCount(2).And.OnlyContain(r => r.IsTurn);
        h.Rows("SELECT prompt FROM turn_search ORDER BY prompt").Select(r => r[0]).Should().Equal("one", "two");
    }

    /// <summary>Turns committed, as a reader on its own connection sees them.</summary>
    private static long TurnsSeenByAnotherConnection(WriterHarness h)
    {
        using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={h.Path};Mode=ReadOnly");
        reader.Open();
        using var command = reader.CreateCommand();
        command.CommandText = "SELECT count(*) FROM turns";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>A batch abandoned part way (a step failed) leaves nothing behind, so the retry can write it all again.</summary>
    [Fact]
    public void A_batch_disposed_before_its_commit_leaves_no_rows()
    {
        using var h = new WriterHarness();
        using (var batch = h.Writer.Begin([Turn([User("one")], Assistant("1")), Turn([User("two")], Assistant("2"))]))
            batch.WriteNext().Should().BeTrue();

        h.Scalar("SELECT count(*) FROM turns").Should().Be(0L);
        h.Scalar("SELECT count(*) FROM messages").Should().Be(0L);
        h.Write(Turn([User("one")], Assistant("1"))).IsTurn.Should().BeTrue();
    }
}
