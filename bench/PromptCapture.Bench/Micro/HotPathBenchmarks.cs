using BenchmarkDotNet.Attributes;
using PromptCapture.Exchange;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;
using PromptCapture.Protocols.OpenAIChat;

namespace PromptCapture.Bench.Micro;

/// <summary>
/// BenchmarkDotNet view of the gateway's per-request stages (run with `-- --micro`): request parsing and
/// translation, the kernel and capture filter, and response serialization, with allocations.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    /// <summary>The stages under test, with their recorded upstream answers.</summary>
    private HotPathStages _stages = null!;

    /// <summary>Starts the fast upstream and records the answers the stages replay.</summary>
    [GlobalSetup]
    public void Setup() => _stages = HotPathStages.CreateAsync().GetAwaiter().GetResult();

    /// <summary>Stops the upstream.</summary>
    [GlobalCleanup]
    public void Cleanup() => _stages.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>RequestReader: the JSON body to the wire request object.</summary>
    [Benchmark]
    public Task<ChatCompletionRequest> ParseRequest() => _stages.ParseRequestAsync();

    /// <summary>ChatExchangeBuilder: wire request to the neutral exchange (ChatHistory, settings, neutral view).</summary>
    [Benchmark]
    public ExchangeRequest TranslateRequest() => _stages.BuildExchange();

    /// <summary>CompletionId.New: 29 characters from the cryptographic RNG.</summary>
    [Benchmark]
    public string CompletionIdNew() => _stages.NewCompletionId();

    /// <summary>Baseline for the kernel: the canned service called directly.</summary>
    [Benchmark(Baseline = true)]
    public Task<SkMessage> CannedService() => _stages.CannedServiceAsync();

    /// <summary>The kernel function and capture filter around the canned service.</summary>
    [Benchmark]
    public Task<ExchangeAnswer> KernelWithCaptureFilter() => _stages.KernelCompleteAsync();

    /// <summary>ResultDecoder on a non-streaming answer and the message form capture derives from it.</summary>
    [Benchmark]
    public ExchangeMessage? CaptureAssembleOutput() => _stages.AssembleOutput();

    /// <summary>The upstream answer's JSON as capture asks for it (response_json).</summary>
    [Benchmark]
    public string? CaptureReserializeAnswer() => _stages.ReserializeAnswer();

    /// <summary>ResponseTranslator and the JSON body.</summary>
    [Benchmark]
    public Task TranslateAndWriteResponse() => _stages.WriteResponseAsync();

    /// <summary>A whole canned stream through the kernel and the capture filter.</summary>
    [Benchmark]
    public Task<int> KernelStreamWithCaptureFilter() => _stages.KernelStreamAsync();

    /// <summary>A whole stream translated to chunks and serialized.</summary>
    [Benchmark]
    public int TranslateAndWriteStream() => _stages.WriteStream();

    /// <summary>A whole stream translated to chunk objects only.</summary>
    [Benchmark]
    public int TranslateStream() => _stages.TranslateStream();

    /// <summary>The upstream request body written for the bench exchange.</summary>
    [Benchmark]
    public int RequestBody() => _stages.WriteRequestBody();

    /// <summary>A whole upstream SSE stream read into updates.</summary>
    [Benchmark]
    public async Task<int> StreamRead() => (await _stages.DecodeStreamAsync()).Count;
}
