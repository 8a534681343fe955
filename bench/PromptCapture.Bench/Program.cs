using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PromptCapture.Bench.Micro;
using PromptCapture.Bench.Report;

namespace PromptCapture.Bench;

/// <summary>
/// Entry point: `dotnet run -c Release --project bench/PromptCapture.Bench -- [--quick | --micro]`.
/// Prints the results as markdown and writes them to bench/results/latest.md.
/// </summary>
internal static class Program
{
    /// <summary>Runs the benchmark; exit code 0, or 1 when a phase failed.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine("usage: dotnet run -c Release --project bench/PromptCapture.Bench -- [--quick] [--micro]");
            Console.WriteLine("  (none)   full run, a few minutes; writes bench/results/latest.md");
            Console.WriteLine("  --quick  shorter run, under a minute; writes bench/results/latest.md too");
            Console.WriteLine("  --micro  BenchmarkDotNet micro-benchmarks of the gateway's hot-path stages");
            Console.WriteLine("  --load   only the gateway with capture off (--capture: on) at 16 connections for 30 s (a target for perf or dotnet-trace)");
            Console.WriteLine("  --store  only the capture writer: 20,000 records after a 5,000-record warm-up, as shipped (a target for dotnet-trace)");
            Console.WriteLine("  --viewer only the capture viewer on 100,000 turns; writes bench/results/viewer.md");
            return 0;
        }
        if (args.Contains("--store"))
            return await StoreOnlyAsync();
        if (args.Contains("--load"))
            return await LoadOnlyAsync(args.Contains("--capture"));
        if (args.Contains("--viewer"))
            return await ViewerOnlyAsync();
        if (args.Contains("--micro"))
        {
            var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            BenchmarkRunner.Run<HotPathBenchmarks>(config);
            return 0;
        }
        var settings = args.Contains("--quick") ? BenchSettings.QuickRun : BenchSettings.Full;
        var commandLine = "dotnet run -c Release --project bench/PromptCapture.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        var results = await BenchRun.RunAsync(settings, commandLine, phase => Console.Error.WriteLine($"[bench] {phase}"), CancellationToken.None);
        var markdown = MarkdownReport.Render(results);
        Console.WriteLine(markdown);
        var path = ResultsPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, markdown);
        Console.Error.WriteLine($"[bench] wrote {path}");
        return 0;
    }

    /// <summary>One gateway alone under 16 connections for 30 s, so a sampled profile sees only its request path.</summary>
    private static async Task<int> LoadOnlyAsync(bool capture)
    {
        await using var stack = await Hosts.BenchStack.StartAsync();
        var variant = capture ? stack.GatewayCapture : stack.GatewayNoCapture;
        Task Drain(Load.HttpVariant _) => capture ? stack.CaptureOn.Store.FlushAsync(CancellationToken.None) : Task.CompletedTask;
        await Measure.SequentialPhase.WarmUpAsync([variant], 2_000, CancellationToken.None);
        var results = await Measure.ConcurrentPhase.RunAsync([variant], 16, TimeSpan.FromSeconds(30), 3, Drain, CancellationToken.None);
        foreach (var result in results)
            Console.WriteLine($"{result.Name}: {result.RequestsPerSecond:0} requests/s, {result.CpuMicrosecondsPerRequest:0} us of process CPU per request");
        return 0;
    }

    /// <summary>The capture writer alone, long enough for a sampled trace to see where its time goes.</summary>
    private static async Task<int> StoreOnlyAsync()
    {
        using var files = new Hosts.BenchFiles();
        // A first run into a file of its own, so the measured run meets jitted code as a long-running gateway's writer does.
        await Measure.StoreThroughputPhase.RunAsync(files.PathOf("warm-up.db"), 5_000, threadTipIndex: false, CancellationToken.None);
        var result = await Measure.StoreThroughputPhase.RunAsync(files.PathOf("store.db"), 20_000, threadTipIndex: false, CancellationToken.None);
        Console.WriteLine($"{result.Label}: {result.RowsPerSecond:0} records/s overall, {result.EarlyRowsPerSecond:0} first fifth, {result.LateRowsPerSecond:0} last fifth, {result.AllocatedBytesPerRecord / 1024:0.0} KB allocated and {result.CpuMicrosecondsPerRecord:0} us of CPU per record");
        return 0;
    }

    /// <summary>The viewer on 100,000 turns: its first page, paging, search, a conversation, usage; written to bench/results/viewer.md.</summary>
    private static async Task<int> ViewerOnlyAsync()
    {
        using var files = new Hosts.BenchFiles();
        var results = await Viewer.ViewerPhase.RunAsync(files, 100_000, line => Console.Error.WriteLine($"[bench] {line}"));
        var markdown = Viewer.ViewerReport.Render(results, "dotnet run -c Release --project bench/PromptCapture.Bench -- --viewer");
        Console.WriteLine(markdown);
        var path = ResultsPath("viewer.md");
        await File.WriteAllTextAsync(path, markdown);
        Console.Error.WriteLine($"[bench] wrote {path}");
        return 0;
    }

    /// <summary>bench/results/NAME of the repository this binary was built from.</summary>
    private static string ResultsPath(string name = "latest.md") =>
        SourceVersion.RepositoryRoot() is { } root ? Path.Combine(root, "bench", "results", name) : Path.Combine(Environment.CurrentDirectory, name);
}
