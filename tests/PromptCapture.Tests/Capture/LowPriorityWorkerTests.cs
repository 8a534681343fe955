using FluentAssertions;
using PromptCapture.Capture.Store.Writing;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>The capture writer's thread: which work runs at normal priority and which after the thread lowered itself.</summary>
public sealed class LowPriorityWorkerTests
{
    /// <summary>
    /// The schema's preparation (queued first, before lowering) holds locks readers wait on, so it must not be starved
    /// by a busy machine; the writes after it run at the writer's nice value. Read from /proc, so Linux only.
    /// </summary>
    [Fact]
    public async Task Work_queued_before_lowering_runs_at_normal_priority_and_the_rest_lowered()
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var worker = new LowPriorityWorker("test writer");
        int first = -1, second = -1, third = -1;

        await worker.RunAsync(() => first = NiceOfThisThread(), beforeLowering: true);
        await worker.RunAsync(() => second = NiceOfThisThread());
        await worker.RunAsync(() => third = NiceOfThisThread(), beforeLowering: true);

        first.Should().Be(NiceOfThisThread(), "the first item ran before the thread lowered itself");
        second.Should().Be(ThreadNice.WriterNice);
        third.Should().Be(ThreadNice.WriterNice, "a lowered thread stays lowered");
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (counted after the command's closing parenthesis).</summary>
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
