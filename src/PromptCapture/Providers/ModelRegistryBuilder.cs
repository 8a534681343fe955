using Anthropic;
using Anthropic.Core;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace PromptCapture.Providers;

/// <summary>Turns a validated providers file into a registry of SK chat services, one per alias.</summary>
public static class ModelRegistryBuilder
{
    /// <summary>
    /// Builds every route; a provider whose key variable is empty gets routes with no service, answered with a clear
    /// error. <paramref name="gatewayKeys"/> (the keys clients use) are masked like the providers' keys.
    /// </summary>
    public static ModelRegistry Build(ProvidersFile file, ApiKeySource keys, IEnumerable<string>? gatewayKeys = null)
    {
        var routes = new List<ModelRoute>();
        var clients = new List<HttpClient>();
        var redactor = new SecretRedactor(file.Providers!.Where(p => p.ApiKeyEnv is not null).Select(p => keys(p.ApiKeyEnv!))
            .Concat(gatewayKeys ?? []));
        foreach (var provider in file.Providers!)
        {
            var key = provider.ApiKeyEnv is null ? null : keys(provider.ApiKeyEnv);
            var keySet = !string.IsNullOrEmpty(key);
            var needsKey = provider.Type is ProviderKind.AzureOpenAI or ProviderKind.Anthropic || provider.ApiKeyEnv is not null;
            HttpClient? http = provider.Type == ProviderKind.Echo || (needsKey && !keySet) ? null : UpstreamHttpClientFactory.Create(provider);
            if (http is not null)
                clients.Add(http);
            foreach (var model in provider.Models!)
            {
                var service = http is null && provider.Type != ProviderKind.Echo ? null : CreateService(provider, model, key, http, redactor);
                routes.Add(new ModelRoute(model.Alias!, provider.Name!, model.Model!, provider.ApiKeyEnv, service, model.Fallbacks ?? [], redactor)
                {
                    Embeddings = service is null ? null : EmbeddingServices.Factory(provider, model, key, http),
                });
            }
        }
        return new ModelRegistry(file.DefaultModel!, routes, DateTimeOffset.UtcNow, clients, redactor);
    }

    /// <summary>Anthropic's API, for an anthropic provider that names no endpoint.</summary>
    public const string AnthropicDefaultEndpoint = "https://api.anthropic.com";

    /// <summary>
    /// Creates the SK service for one alias of one provider: OpenAI-compatible upstreams get the gateway's own
    /// Chat Completions service, Azure OpenAI SK's connector, Anthropic a service over the Anthropic SDK.
    /// </summary>
    private static IChatCompletionService CreateService(ProviderEntry provider, ModelEntry model, string? key, HttpClient? http, SecretRedactor redactor) =>
        provider.Type switch
        {
            ProviderKind.Echo => new EchoChatCompletionService(model.Model!),
            ProviderKind.Anthropic => new AnthropicChatService(new AnthropicClient(new ClientOptions
            {
                ApiKey = key!,
                BaseUrl = provider.Endpoint ?? AnthropicDefaultEndpoint,
                HttpClient = http!,
                // The provider's HttpClient retries (UpstreamRetry) and times out; the SDK must not do it a second time.
                MaxRetries = 0,
                Timeout = http!.Timeout,
            }), model.Model!),
            ProviderKind.AzureOpenAI => new AzureOpenAIChatCompletionService(
                deploymentName: model.Deployment ?? model.Model!, endpoint: provider.Endpoint!, apiKey: key!, modelId: model.Model, httpClient: http),
            _ => new OpenAIWire.OpenAIWireChatService(model.Model!, new Uri(provider.Endpoint!), key, http!, model.Alias!, provider.Name!, redactor),
        };
}
