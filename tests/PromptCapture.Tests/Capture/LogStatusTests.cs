using FluentAssertions;
using PromptCapture.Capture.Store;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Cli;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>`logs status`, `logs on` and `logs off`, worded and switched exactly as llm 0.32 does it.</summary>
public class LogStatusTests
{
    /// <summary>llm's reference database reports its 5 threads and 7 turns in llm's own lines, tabs included.</summary>
    [Fact]
    public void Status_of_reference_database_reads_like_llm_logs_status()
    {
        using var db = TempDatabase.CopyOfReference();

        var text = LogsStatusCommand.Render(LogStatus.Read(db.Path));

        text.Should().Be(
            "Logging is ON for all prompts\n"
            + $"Found log database at {db.Path}\n"
            + "Number of threads logged:\t5\n"
            + "Number of turns logged:\t\t7\n"
            + $"Database file size: \t\t{LogsStatusCommand.HumanSize(new FileInfo(db.Path).Length)}\n");
    }

    /// <summary>`logs off` creates the same empty logs-off file llm creates, beside the database; `logs on` removes it, twice without error.</summary>
    [Fact]
    public void Off_creates_empty_logs_off_file_beside_database_and_on_removes_it()
    {
        using var db = TempDatabase.CopyOfReference();
        var marker = Path.Combine(db.Directory, "logs-off");

        LlmDatabaseLocation.SetLoggingOff(db.Path, off: true);
        var whileOff = LogsStatusCommand.Render(LogStatus.Read(db.Path));
        var markerLength = new FileInfo(marker).Length;
        LlmDatabaseLocation.SetLoggingOff(db.Path, off: false);
        LlmDatabaseLocation.SetLoggingOff(db.Path, off: false);

        whileOff.Should().StartWith("Logging is OFF\n");
        markerLength.Should().Be(0);
        File.Exists(marker).Should().BeFalse();
        LogStatus.Read(db.Path).LoggingOn.Should().BeTrue();
    }

    /// <summary>Turning logging off for a database whose folder does not exist yet creates the folder, as llm creates its user dir.</summary>
    [Fact]
    public void Off_creates_the_database_folder_when_missing()
    {
        using var db = new TempDatabase();
        var path = Path.Combine(db.Directory, "not-yet", "logs.db");

        LlmDatabaseLocation.SetLoggingOff(path, off: true);

        File.Exists(Path.Combine(db.Directory, "not-yet", "logs-off")).Should().BeTrue();
    }

    /// <summary>Rows left by llm 0.31 are counted on their own lines, which llm prints only when there are some.</summary>
    [Fact]
    public void Legacy_rows_are_reported_when_present()
    {
        using var db = new TempDatabase();
        using (var connection = db.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE conversations (id TEXT); INSERT INTO conversations VALUES ('c1');
                CREATE TABLE responses (id TEXT); INSERT INTO responses VALUES ('r1'), ('r2');
                """;
            command.ExecuteNonQuery();
        }

        var text = LogsStatusCommand.Render(LogStatus.Read(db.Path));

        text.Should().Contain("Number of threads logged:\t0\n")
            .And.Contain("Number of legacy conversations:\t1\n")
            .And.Contain("Number of legacy responses:\t2\n");
    }

    /// <summary>No file: llm's one line, nothing else.</summary>
    [Fact]
    public void Missing_database_is_one_line()
    {
        using var db = new TempDatabase();

        LogsStatusCommand.Render(LogStatus.Read(db.Path)).Should().Be($"No log database found at {db.Path}\n");
    }

    /// <summary>Sizes as llm's _human_readable_size prints them: 1024 steps, two decimals, no space.</summary>
    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1023L, "1023.00B")]
    [InlineData(1024L, "1.00KB")]
    [InlineData(278528L, "272.00KB")]
    [InlineData(1572864L, "1.50MB")]
    public void Sizes_read_like_llm(long bytes, string text) => LogsStatusCommand.HumanSize(bytes).Should().Be(text);
}
