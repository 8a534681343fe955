using FluentAssertions;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Capture.Store.Writing;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>A reader that meets a database another connection holds locked waits for it instead of failing at once.</summary>
public sealed class BusyReadTests
{
    /// <summary>
    /// Preparing a statement reads the schema; while a writer holds the file exclusively SQLite answers busy there
    /// without a busy handler, which is what turned viewer reads during the gateway's start into a 503.
    /// </summary>
    [Fact]
    public async Task A_read_during_another_connections_exclusive_lock_waits_for_it_and_succeeds()
    {
        using var db = TempDatabase.CopyOfReference();
        using var holder = db.Open();
        holder.Execute(null, "PRAGMA journal_mode=DELETE");
        holder.Execute(null, "BEGIN EXCLUSIVE");
        holder.Execute(null, "CREATE TABLE held_meanwhile (x)");

        var read = Task.Run(() =>
        {
            using var reader = ReadOnlyDatabase.Open(db.Path);
            return reader.TableExists(null, "responses");
        });
        await Task.Delay(300);
        read.IsCompleted.Should().BeFalse("the reader waits while the lock is held");
        holder.Execute(null, "COMMIT");

        (await read.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
    }
}
