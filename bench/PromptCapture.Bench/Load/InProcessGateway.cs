using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using PromptCapture.Capture;
using PromptCapture.Exchange;
using PromptCapture.Providers;
using PromptCapture.Protocols.OpenAIChat;

namespace PromptCapture.Bench.Load;

/// <summary>
/// The gateway's pieces without its HTTP server: the route's SK service and the kernel with the capture filter,
/// so the profile can split the gateway's added time into SK client, kernel + filter, and the HTTP hop.
/// </summary>
internal sealed class InProcessGateway
{
    /// <summary>The client details every in-process call carries, as the endpoint would fill them.</summary>
    private static readonly ExchangeClient Client = new("chat", "bench/1.0", "127.0.0.1", false, "chatcmpl-bench");

    /// <summary>The parsed request, as RequestReader hands it to translation.</summary>
    private readonly ChatCompletionRequest _request;

    /// <summary>The OpenAI SDK's own client against the upstream, without SK (no retries, like SK with a custom HttpClient).</summary>
    private readonly ChatClient _sdk;

    /// <summary>The bench request as SDK messages.</summary>
    private readonly List<OpenAI.Chat.ChatMessage> _sdkMessages = [new SystemChatMessage("You are a terse assistant."), new UserChatMessage("Say hello in five words.")];

    /// <summary>Builds the registry from the same providers file the gateways use.</summary>
    public InProcessGateway(string providersPath, string upstreamRoot)
    {
        _sdk = new ChatClient("m", new ApiKeyCredential("unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(upstreamRoot + "/v1"),
            Transport = new HttpClientPipelineTransport(ClientFactory.Create()),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
        var registry = ModelRegistryBuilder.Build(ProvidersFileLoader.Load(providersPath), _ => null);
        if (!registry.TryResolve("fast", out var route) || route.Service is null)
            throw new InvalidOperationException("The bench providers file has no usable 'fast' alias.");
        Route = route;
        _request = JsonSerializer.Deserialize(FrontDoor.Chat.Complete("fast"), ChatJson.Context.ChatCompletionRequest)!;
        Sink = new CountingSink();
        Kernel = new ChatKernel([new CaptureFilter(Sink)]);
    }

    /// <summary>The alias's route (its SK service talks to the fast upstream).</summary>
    public ModelRoute Route { get; }

    /// <summary>The kernel with the capture filter, as the gateway builds it.</summary>
    public ChatKernel Kernel { get; }

    /// <summary>Counts the records the filter hands over instead of writing them.</summary>
    public CountingSink Sink { get; }

    /// <summary>Translates the request as the endpoint does for every call.</summary>
    public ExchangeRequest NewExchange() =>
        ChatExchangeBuilder.Build(_request, Client, DateTimeOffset.UtcNow, Stopwatch.GetTimestamp());

    /// <summary>A probe calling the OpenAI SDK's ChatClient directly: what SK's connector is built on, without SK.</summary>
    public IProbe SdkProbe() => new DelegateProbe("openai sdk", async ct =>
        await _sdk.CompleteChatAsync(_sdkMessages, new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 32 }, ct));

    /// <summary>A probe calling the SK service directly: the SK + OpenAI SDK client cost, no kernel, no filter.</summary>
    public IProbe ServiceProbe() => new DelegateProbe("sk service", async ct =>
    {
        var exchange = NewExchange();
        await Route.Service!.GetChatMessageContentsAsync(exchange.History, exchange.Settings, null, ct);
    });

    /// <summary>A probe calling through the kernel function with the capture filter (records counted, not written).</summary>
    public IProbe KernelProbe() => new DelegateProbe("sk kernel+filter", async ct => await Kernel.CompleteAsync(Route, NewExchange(), ct));

    /// <summary>An <see cref="IProbe"/> over a delegate.</summary>
    private sealed class DelegateProbe(string name, Func<CancellationToken, Task> call) : IProbe
    {
        /// <inheritdoc />
        public string Name { get; } = name;

        /// <inheritdoc />
        public Task CallAsync(CancellationToken cancellationToken) => call(cancellationToken);
    }
}

/// <summary>A capture sink that only counts, so the filter's own cost can be seen without the store's.</summary>
internal sealed class CountingSink : ICaptureSink
{
    /// <summary>Records received.</summary>
    private long _count;

    /// <summary>Records received so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <inheritdoc />
    public void Submit(CaptureRecord record) => Interlocked.Increment(ref _count);
}
