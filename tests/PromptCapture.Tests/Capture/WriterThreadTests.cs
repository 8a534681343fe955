using FluentAssertions;
using PromptCapture.Capture.Store.Writing;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>The capture writer's threads: their priorities, and when a job moves from the idle-time thread to the catch-up one.</summary>
public sealed class WriterThreadTests
{
    /// <summary>
    /// The schema's preparation (queued first, before lowering) holds locks readers wait on, so it must not be starved
    /// by a busy machine; the writes after it run at the lowered nice value. Read from /proc, so Linux only.
    /// </summary>
    [Fact]
    public async Task Work_queued_before_lowering_runs_at_normal_priority_and_the_rest_lowered()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var creator = SchedulingOfThisThread(); // a new thread starts as its creator runs
        using var worker = new LowPriorityWorker("test writer");
        Scheduling first = default, second = default, third = default;

        await worker.RunAsync(() => first = SchedulingOfThisThread(), beforeLowering: true);
        await worker.RunAsync(() => second = SchedulingOfThisThread());
        await worker.RunAsync(() => third = SchedulingOfThisThread(), beforeLowering: true);

        first.Should().Be(creator, "the first job ran before the thread lowered itself");
        second.Should().Be(new Scheduling(ThreadScheduling.LoweredNice, 0));
        third.Should().Be(new Scheduling(ThreadScheduling.LoweredNice, 0), "a lowered thread stays lowered");
    }

    /// <summary>The background thread takes SCHED_IDLE, which an unprivileged process may always take for its own threads.</summary>
    [Fact]
    public async Task Background_worker_runs_under_the_idle_policy()
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var worker = new LowPriorityWorker("test idle", WorkerPriority.Background);
        Scheduling seen = default;

        await worker.RunAsync(() => seen = SchedulingOfThisThread());

        seen.Policy.Should().Be(ThreadScheduling.SchedIdle);
    }

    /// <summary>
    /// Nobody waits: every step of a job runs on the idle-time thread and the catch-up thread is never started. Then a
    /// flush starts waiting part way through the next job: the steps after it run on the catch-up thread.
    /// </summary>
    [Fact]
    public async Task A_job_moves_to_the_catch_up_thread_between_steps_once_someone_waits()
    {
        var waiting = false;
        // No starvation limit to speak of: on a busy test machine the idle-time thread may well wait a second.
        using var threads = new WriterThreads(() => Volatile.Read(ref waiting), starvedAfter: TimeSpan.FromHours(1));
        var names = new List<string?>();

        await threads.RunStepsAsync(Steps(names, 3, onStep: null));
        names.Should().Equal("Capture writer", "Capture writer", "Capture writer");
        threads.CaughtUp.Should().BeFalse();

        names.Clear();
        await threads.RunStepsAsync(Steps(names, 4, onStep: i => Volatile.Write(ref waiting, i == 1)));

        names.Should().Equal("Capture writer", "Capture writer", "Capture catch-up", "Capture catch-up");
        threads.CaughtUp.Should().BeTrue();
    }

    /// <summary>A job that starts while someone waits never queues behind the idle-time thread at all.</summary>
    [Fact]
    public async Task A_job_started_while_someone_waits_runs_on_the_catch_up_thread()
    {
        using var threads = new WriterThreads(() => true);
        var names = new List<string?>();

        await threads.RunStepsAsync(Steps(names, 2, onStep: null));

        names.Should().Equal("Capture catch-up", "Capture catch-up");
    }

    /// <summary>
    /// Nobody waits, but the job has been on the idle-time thread longer than allowed (here: any time at all), as when
    /// other processes keep it off the cores: the catch-up thread takes the rest, so the write lock is not held for long.
    /// </summary>
    [Fact]
    public async Task A_job_that_runs_too_long_on_the_idle_thread_moves_to_the_catch_up_thread()
    {
        using var threads = new WriterThreads(() => false, starvedAfter: TimeSpan.Zero);
        var names = new List<string?>();

        await threads.RunStepsAsync(Steps(names, 2, onStep: null));

        names.Should().Equal("Capture catch-up", "Capture catch-up");
    }

    /// <summary>A step's exception reaches the awaiting writer loop, and the threads keep taking jobs after it.</summary>
    [Fact]
    public async Task A_failing_step_fails_the_job_and_the_threads_keep_working()
    {
        using var threads = new WriterThreads(() => false);

        var failing = () => threads.RunStepsAsync(WorkerJob.Once(() => throw new InvalidOperationException("locked")));
        await failing.Should().ThrowAsync<InvalidOperationException>().WithMessage("locked");
        var ran = false;
        await threads.RunStepsAsync(WorkerJob.Once(() => ran = true));

        ran.Should().BeTrue();
    }

    /// <summary>
    /// A Linux thread inherits its creator's nice value and policy, and the thread pool starts new workers on the thread
    /// that queues work: lowered threads complete their jobs through the relay, whose thread runs at normal priority, so
    /// no request-serving pool thread is ever born lowered.
    /// </summary>
    [Fact]
    public async Task Completions_posted_from_an_idle_time_thread_run_on_the_relay_at_normal_priority()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var normal = SchedulingOfThisThread();
        using var worker = new LowPriorityWorker("test idle", WorkerPriority.Background);
        var ran = new TaskCompletionSource<(Scheduling Scheduling, string? Name)>(TaskCreationOptions.RunContinuationsAsynchronously);

        await worker.RunAsync(() => CompletionRelay.Post(() => ran.SetResult((SchedulingOfThisThread(), Thread.CurrentThread.Name))));
        var (scheduling, name) = await ran.Task;

        name.Should().Be("Capture relay");
        scheduling.Should().Be(normal);
    }

    /// <summary>
    /// A job of <paramref name="count"/> steps that records the name of the thread each step runs on; <paramref name="onStep"/>
    /// sees the step's index after it ran.
    /// </summary>
    private static Func<bool> Steps(List<string?> names, int count, Action<int>? onStep)
    {
        var done = 0;
        return () =>
        {
            names.Add(Thread.CurrentThread.Name);
            onStep?.Invoke(done);
            return ++done < count;
        };
    }

    /// <summary>The calling thread's nice value and scheduling policy: fields 19 and 41 of /proc/thread-self/stat.</summary>
    private static Scheduling SchedulingOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new Scheduling(int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(fields[38], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A thread's nice value and scheduling policy.</summary>
    /// <param name="Nice">Its nice value.</param>
    /// <param name="Policy">Its policy (0 normal, 5 SCHED_IDLE).</param>
    private readonly record struct Scheduling(int Nice, int Policy);
}
