using PromptCapture.Bench.Measure;
using PromptCapture.Bench.Report;

namespace PromptCapture.Bench;

/// <summary>Captures committed and lost while the load phase ran against the capturing gateway.</summary>
/// <param name="Served">Successful requests to the capturing gateway during the load phase.</param>
/// <param name="Written">Captures committed for them (after a flush).</param>
/// <param name="Dropped">Captures lost during the phase.</param>
/// <param name="PeakQueueDepth">The deepest the capture queue got (since start; the load phase is the heaviest).</param>
internal sealed record LoadCaptureResult(long Served, long Written, long Dropped, int PeakQueueDepth);

/// <summary>Everything one run measured, handed to the report.</summary>
/// <param name="Settings">What the run did.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="CommandLine">How it was started.</param>
/// <param name="Source">The commit measured.</param>
/// <param name="Sequential">Per-probe sequential latency; the first is direct.</param>
/// <param name="Concurrent">Per-variant load results for each concurrency level.</param>
/// <param name="Streaming">Per-variant streaming timings; the first is direct.</param>
/// <param name="LoadCapture">Capture accounting over the load phase.</param>
/// <param name="Memory">Memory checkpoints and the capture writer under sustained load.</param>
/// <param name="Store">The capture writer's capacity on its own: schema as shipped, then with a thread-tip index.</param>
/// <param name="Stages">The in-process hot-path profile.</param>
/// <param name="Elapsed">Wall time of the measurements.</param>
internal sealed record BenchResults(
    BenchSettings Settings,
    MachineInfo Machine,
    string CommandLine,
    string Source,
    IReadOnlyList<SequentialResult> Sequential,
    IReadOnlyList<ConcurrentResult> Concurrent,
    IReadOnlyList<StreamingResult> Streaming,
    LoadCaptureResult LoadCapture,
    MemoryResult Memory,
    IReadOnlyList<StoreThroughputResult> Store,
    IReadOnlyList<StageCost> Stages,
    TimeSpan Elapsed)
{
    /// <summary>The capturing gateway through its other protocols, beside chat completions.</summary>
    public FrontDoorResults? FrontDoors { get; init; }

    /// <summary>The sequential result of a probe by name.</summary>
    public SequentialResult Seq(string name) => Sequential.Single(r => r.Name == name);

    /// <summary>The load result of a variant at a concurrency level.</summary>
    public ConcurrentResult Load(string name, int connections) => Concurrent.Single(r => r.Name == name && r.Connections == connections);

    /// <summary>The streaming result of a variant.</summary>
    public StreamingResult Stream(string name) => Streaming.Single(r => r.Name == name);
}
