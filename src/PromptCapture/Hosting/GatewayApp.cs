using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.SemanticKernel;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Capture;
using PromptCapture.Providers;
using PromptCapture.Protocols.AnthropicMessages;
using PromptCapture.Protocols.OpenAIChat;
using PromptCapture.Protocols.OpenAIResponses;
using PromptCapture.Protocols.Models;
using PromptCapture.Viewer;

namespace PromptCapture.Hosting;

/// <summary>Builds the gateway's web application: Kestrel, the registry, the kernel with the capture filter, the store, the routes.</summary>
public static class GatewayApp
{
    /// <summary>Creates the application; throws ProvidersFileException when providers.json is unusable.</summary>
    public static WebApplication Build(GatewayOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var baseline = new ProvidersReloader.Baseline(ProvidersReloader.Stamp(options));
        var file = ProvidersFileLoader.Load(options.ProvidersPath);
        var registry = ModelRegistryBuilder.Build(file, options.Keys, options.ApiKeys);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.WebHost.UseUrls($"http://{FormatHost(options.Host)}:{options.Port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // The host logs a failed start or stop with a stack trace and then throws the same failure to its caller, which
        // reports it in one line (serve: "port ... is already in use").
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = GatewayOptions.ShutdownTimeout);

        builder.Services.AddSingleton(_ => new ModelCatalog(registry)); // built by a factory, so the container disposes it
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(baseline);
        builder.Services.AddHostedService<ProvidersReloader>();
        builder.Services.AddSingleton(sp =>
        {
            // Keys are masked in what is captured too; the current registry knows them, reloads included. The
            // catalog is resolved once, not for every string masked.
            var catalog = sp.GetRequiredService<ModelCatalog>();
            return new CaptureStoreOptions
            {
                DatabasePath = options.DatabasePath,
                NoLog = options.NoLog,
                Redact = text => catalog.Current.Redactor.Redact(text),
            };
        });
        builder.Services.AddSingleton<CaptureStore>();
        builder.Services.AddSingleton<ICaptureSink>(sp => sp.GetRequiredService<CaptureStore>());
        builder.Services.AddSingleton<ICaptureStatus>(sp => sp.GetRequiredService<CaptureStore>());
        builder.Services.AddSingleton<ICaptureHistory, CaptureHistory>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CaptureStore>());
        builder.Services.AddSingleton<IFunctionInvocationFilter, CaptureFilter>();
        builder.Services.AddSingleton<ChatKernel>();
        builder.Services.AddSingleton<ChatCompletionsEndpoint>();
        builder.Services.AddSingleton<ResponsesEndpoint>();
        builder.Services.AddSingleton<MessagesEndpoint>();
        builder.Services.AddSingleton<Protocols.Ollama.OllamaEndpoint>();
        builder.Services.AddSingleton<Protocols.Ollama.OllamaModelsEndpoint>();
        builder.Services.AddSingleton<Protocols.Embeddings.EmbeddingsEndpoint>();
        builder.Services.AddSingleton<Protocols.OpenAICompletions.CompletionsEndpoint>();
        builder.Services.AddSingleton(sp => new Capture.Embeddings.EmbeddingStore(
            sp.GetRequiredService<CaptureStore>(), options.EmbeddingsDatabasePath, sp.GetRequiredService<ILogger<Capture.Embeddings.EmbeddingStore>>()));
        builder.Services.AddSingleton<Capture.Embeddings.IEmbeddingSink>(sp => sp.GetRequiredService<Capture.Embeddings.EmbeddingStore>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Capture.Embeddings.EmbeddingStore>());
        builder.Services.AddSingleton<ModelsEndpoint>();
        builder.Services.AddSingleton<HealthEndpoint>();
        builder.Services.AddSingleton(new HostRules(options.Host, options.AllowedHosts, options.AllowedOrigins));
        builder.Services.AddViewer(options);

        // gzip, br and deflate request bodies are decoded before the endpoints read them; Kestrel's body size limit
        // applies to the decoded bytes, so a small compressed bomb is a 413, not a memory spike.
        builder.Services.AddRequestDecompression();
        // OpenTelemetry traces and metrics over OTLP, only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
        Telemetry.TelemetrySetup.AddGatewayTelemetry(builder.Services, builder.Configuration);
        var app = builder.Build();
        var liveCatalog = app.Services.GetRequiredService<ModelCatalog>();
        Telemetry.GatewayTelemetry.Redact = text => liveCatalog.Current.Redactor.Redact(text);
        Protocols.Common.FrontDoorLog.Redact = Telemetry.GatewayTelemetry.Redact;
        // Cross-site checks come first: a refused page learns nothing, not even whether a key is needed.
        app.UseMiddleware<CrossSiteMiddleware>(app.Services.GetRequiredService<HostRules>());
        app.UseMiddleware<ApiKeyMiddleware>(options.ApiKeys);
        app.UseRequestDecompression();
        GatewayEndpoints.Map(app);
        return app;
    }

    /// <summary>The first address the server listens on, once started (e.g. http://127.0.0.1:54321).</summary>
    public static string ListeningAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>IPv6 literals need brackets in a URL.</summary>
    private static string FormatHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
