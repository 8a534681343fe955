using System.Buffers;
using System.Text.Json;
using PromptCapture.Bench.Hosts;
using PromptCapture.Bench.Load;
using PromptCapture.Capture;
using PromptCapture.Exchange;
using PromptCapture.Providers;
using PromptCapture.Providers.OpenAIWire;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;
using PromptCapture.Protocols.OpenAIChat;

namespace PromptCapture.Bench.Micro;

/// <summary>
/// The gateway's per-request work, stage by stage, on real objects recorded from the SK OpenAI connector against the
/// fast upstream: what the in-run profile times and what `--micro` hands to BenchmarkDotNet.
/// </summary>
internal sealed class HotPathStages : IAsyncDisposable
{
    /// <summary>The bench request body.</summary>
    private static readonly byte[] Body = FrontDoor.Chat.Complete("fast");

    /// <summary>The upstream the answers were recorded from (kept for the network stages).</summary>
    private readonly FastUpstream _upstream;

    /// <summary>The folder holding providers.json.</summary>
    private readonly BenchFiles _files;

    /// <summary>The gateway's pieces talking to the upstream.</summary>
    private readonly InProcessGateway _gateway;

    /// <summary>The kernel with the capture filter around a canned service.</summary>
    private readonly ChatKernel _kernel;

    /// <summary>The route with the canned service.</summary>
    private readonly ModelRoute _cannedRoute;

    /// <summary>The parsed request.</summary>
    private readonly ChatCompletionRequest _request;

    /// <summary>A real non-streaming answer.</summary>
    private readonly SkMessage _answer;

    /// <summary>A real stream of answers.</summary>
    private readonly IReadOnlyList<SkStreamingMessage> _stream;

    /// <summary>The non-streaming answer decoded, as the kernel function hands it on.</summary>
    private readonly ExchangeAnswer _decodedAnswer;

    /// <summary>The stream decoded, as the kernel function hands it on.</summary>
    private readonly IReadOnlyList<ExchangeUpdate> _updates;

    /// <summary>The real SK service call over loopback, for comparison with the in-process stages.</summary>
    private readonly IProbe _serviceCall;

    /// <summary>One exchange for the request-writing stage.</summary>
    private readonly ExchangeRequest _exchange;

    /// <summary>Reused output buffer for stream serialization.</summary>
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    /// <summary>Takes the recorded pieces.</summary>
    private HotPathStages(FastUpstream upstream, BenchFiles files, InProcessGateway gateway, SkMessage answer, IReadOnlyList<SkStreamingMessage> stream)
    {
        _upstream = upstream;
        _files = files;
        _gateway = gateway;
        _answer = answer;
        _stream = stream;
        _decodedAnswer = ResultDecoder.Decode(answer);
        _updates = DecodeStreamAsync().AsTask().GetAwaiter().GetResult();
        _request = JsonSerializer.Deserialize(Body, ChatJson.Context.ChatCompletionRequest)!;
        _exchange = Exchange();
        _cannedRoute = gateway.Route with { Service = new CannedChatService(answer, stream) };
        _kernel = new ChatKernel([new CaptureFilter(new CountingSink())]);
        _serviceCall = gateway.ServiceProbe();
    }

    /// <summary>Starts an upstream and records one real answer and one real stream through the SK connector.</summary>
    public static async Task<HotPathStages> CreateAsync()
    {
        var upstream = await FastUpstream.StartAsync();
        var files = new BenchFiles();
        var gateway = new InProcessGateway(files.WriteProviders(upstream.RootUrl), upstream.RootUrl);
        var exchange = gateway.NewExchange();
        var answer = (await gateway.Route.Service!.GetChatMessageContentsAsync(exchange.History, exchange.Settings))[0];
        var stream = new List<SkStreamingMessage>();
        await foreach (var item in gateway.Route.Service.GetStreamingChatMessageContentsAsync(exchange.History, exchange.Settings))
            stream.Add(item);
        return new HotPathStages(upstream, files, gateway, answer, stream);
    }

    /// <summary>Every stage with the name the profile prints; network stages are marked as such.</summary>
    public IReadOnlyList<(string Name, Func<ValueTask> Run)> All =>
    [
        ("parse request body (RequestReader)", async () => await ParseRequestAsync()),
        ("translate request to the exchange (ChatExchangeBuilder)", () => { BuildExchange(); return ValueTask.CompletedTask; }),
        ("completion id (CompletionId.New)", () => { NewCompletionId(); return ValueTask.CompletedTask; }),
        (StageNames.Canned, async () => await CannedServiceAsync()),
        (StageNames.Kernel, async () => await KernelCompleteAsync()),
        (StageNames.Assemble, () => { AssembleOutput(); return ValueTask.CompletedTask; }),
        (StageNames.Reserialize, () => { ReserializeAnswer(); return ValueTask.CompletedTask; }),
        ("translate + serialize response (ResponseTranslator + STJ)", async () => await WriteResponseAsync()),
        (StageNames.StreamKernel, async () => await KernelStreamAsync()),
        (StageNames.StreamDecode, async () => await DecodeStreamAsync()),
        (StageNames.StreamWrite, () => { WriteStream(); return ValueTask.CompletedTask; }),
        ("stream: ChunkTranslator only (no JSON), whole stream", () => { TranslateStream(); return ValueTask.CompletedTask; }),
        (StageNames.RequestWrite, () => { WriteRequestBody(); return ValueTask.CompletedTask; }),
        ("network: SK service call to the upstream", async () => await ServiceCallAsync()),
    ];

    /// <summary>The SK service called over loopback against the fast upstream (request translation included).</summary>
    public Task ServiceCallAsync() => _serviceCall.CallAsync(CancellationToken.None);

    /// <summary>RequestReader over a body already in memory, as Kestrel hands it.</summary>
    public async Task<ChatCompletionRequest> ParseRequestAsync()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Body, writable: false);
        return await RequestReader.ReadAsync(context.Request, CancellationToken.None);
    }

    /// <summary>ChatExchangeBuilder for the parsed request.</summary>
    public ExchangeRequest BuildExchange() => _gateway.NewExchange();

    /// <summary>A new chatcmpl- id.</summary>
    public string NewCompletionId() => CompletionId.New();

    /// <summary>The canned service called directly: the baseline for the kernel stage.</summary>
    public async Task<SkMessage> CannedServiceAsync()
    {
        var exchange = Exchange();
        return (await _cannedRoute.Service!.GetChatMessageContentsAsync(exchange.History, exchange.Settings))[0];
    }

    /// <summary>The canned service through the kernel function and the capture filter.</summary>
    public Task<ExchangeAnswer> KernelCompleteAsync() => _kernel.CompleteAsync(_cannedRoute, Exchange(), CancellationToken.None);

    /// <summary>The one reading of a non-streaming answer, plus what capture derives from it (message form, token details).</summary>
    public ExchangeMessage? AssembleOutput()
    {
        var answer = ChatAnswerReader.Read(UpstreamReplies.Completion, "fast", "bench", Redactor);
        _ = answer.Usage?.Details();
        return answer.ToMessage();
    }

    /// <summary>The upstream's answer JSON that the capture writer asks for as response_json.</summary>
    public string? ReserializeAnswer() => _decodedAnswer.RawJson?.Invoke();

    /// <summary>The endpoint's answer: wire object, then JSON to the body.</summary>
    public async Task WriteResponseAsync()
    {
        var response = ResponseTranslator.ToWire(_decodedAnswer, "chatcmpl-bench", "fast");
        await JsonSerializer.SerializeAsync(Stream.Null, response, ChatJson.Context.ChatCompletionResponse);
    }

    /// <summary>The canned stream through the kernel and the capture filter, consumed to the end.</summary>
    public async Task<int> KernelStreamAsync()
    {
        var count = 0;
        await foreach (var _ in _kernel.StreamAsync(_cannedRoute, Exchange(), CancellationToken.None))
            count++;
        return count;
    }

    /// <summary>The upstream's SSE bytes read into updates as the gateway's OpenAI-compatible service reads them.</summary>
    public async ValueTask<IReadOnlyList<ExchangeUpdate>> DecodeStreamAsync()
    {
        var updates = new List<ExchangeUpdate>(UpstreamReplies.StreamEvents.Length);
        using var stream = new MemoryStream(StreamBytes, writable: false);
        await foreach (var update in SseDataReader.ReadAsync(stream, data => ChatChunkReader.Read(data, "fast", "bench", Redactor), CancellationToken.None))
            updates.Add(update);
        return updates;
    }

    /// <summary>The whole upstream stream as one buffer.</summary>
    private static readonly byte[] StreamBytes = UpstreamReplies.StreamEvents.SelectMany(e => e).ToArray();

    /// <summary>A redactor with no secrets, for the readers' error paths.</summary>
    private static readonly SecretRedactor Redactor = new([]);

    /// <summary>Every update of a stream translated to chunks and serialized as SseWriter does.</summary>
    public int WriteStream()
    {
        _buffer.ResetWrittenCount();
        var translator = new ChunkTranslator("chatcmpl-bench", "fast", 1764000000);
        using var json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = ChatJson.Context.Options.Encoder, SkipValidation = true });
        foreach (var update in _updates)
            if (translator.Translate(update) is { } chunk)
            {
                json.Reset();
                JsonSerializer.Serialize(json, chunk, ChatJson.Context.ChatCompletionChunk);
                json.Flush();
            }
        if (translator.UsageChunk() is { } usage)
        {
            json.Reset();
            JsonSerializer.Serialize(json, usage, ChatJson.Context.ChatCompletionChunk);
            json.Flush();
        }
        return _buffer.WrittenCount;
    }

    /// <summary>Every item of a stream translated to chunk objects, without serializing them.</summary>
    public int TranslateStream()
    {
        var translator = new ChunkTranslator("chatcmpl-bench", "fast", 1764000000);
        var chunks = 0;
        foreach (var update in _updates)
            if (translator.Translate(update) is not null)
                chunks++;
        return chunks;
    }

    /// <summary>The upstream request body for the bench exchange, written as the OpenAI-compatible service writes it.</summary>
    public int WriteRequestBody()
    {
        _buffer.ResetWrittenCount();
        var exchange = _exchange;
        ChatBodyWriter.Write(_buffer, exchange.History, exchange.Settings, "bench-model", stream: false);
        return _buffer.WrittenCount;
    }

    /// <summary>A new exchange for the canned service.</summary>
    private ExchangeRequest Exchange() => ChatExchangeBuilder.Build(_request, BenchClient, DateTimeOffset.UtcNow, 0);

    /// <summary>The client every in-process exchange carries.</summary>
    private static readonly ExchangeClient BenchClient = new("chat", "bench/1.0", "127.0.0.1", false, "chatcmpl-bench");

    /// <summary>Stops the upstream and removes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        await _upstream.DisposeAsync();
        _files.Dispose();
    }
}
