#pragma warning disable CS0618, SKEXP0001, SKEXP0010 // SK's ITextEmbeddingGenerationService: the connector's embedding API in 1.82.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Security.Cryptography;
using System.Text;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Microsoft.SemanticKernel.Embeddings;
using Microsoft.SemanticKernel.Services;
using OpenAI;

namespace PromptCapture.Providers;

/// <summary>The SK embedding service of an alias, made per requested dimension count (the connector fixes it per service).</summary>
public static class EmbeddingServices
{
    /// <summary>The dimension count of the echo provider's offline embeddings when the client names none.</summary>
    public const int EchoDimensions = 256;

    /// <summary>A factory for one alias; the OpenAI client (over the provider's HttpClient) is made once and shared.</summary>
    public static Func<int?, ITextEmbeddingGenerationService> Factory(ProviderEntry provider, ModelEntry model, string? key, HttpClient? http)
    {
        switch (provider.Type)
        {
            case ProviderKind.Echo:
                return dimensions => new EchoEmbeddingService(model.Model!, dimensions ?? EchoDimensions);
            case ProviderKind.AzureOpenAI:
                return dimensions => new AzureOpenAITextEmbeddingGenerationService(
                    model.Deployment ?? model.Model!, provider.Endpoint!, key!, model.Model, http, dimensions: dimensions);
            default:
                var options = new OpenAIClientOptions { Endpoint = new Uri(provider.Endpoint!) };
                if (http is not null)
                    options.Transport = new HttpClientPipelineTransport(http);
                var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(key) ? "none" : key), options);
                return dimensions => new OpenAITextEmbeddingGenerationService(model.Model!, client, dimensions: dimensions);
        }
    }
}

/// <summary>
/// The echo provider's embeddings: a unit vector seeded by the text's SHA-256, so the same text always gets the same
/// vector and everything runs offline without a key.
/// </summary>
/// <param name="modelId">The model id reported.</param>
/// <param name="dimensions">How many dimensions each vector has.</param>
public sealed class EchoEmbeddingService(string modelId, int dimensions) : ITextEmbeddingGenerationService
{
    /// <summary>The model id, as SK services report it.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?> { [AIServiceExtensions.ModelIdKey] = modelId };

    /// <summary>One deterministic vector per text.</summary>
    public Task<IList<ReadOnlyMemory<float>>> GenerateEmbeddingsAsync(IList<string> data, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        IList<ReadOnlyMemory<float>> result = data.Select(text => (ReadOnlyMemory<float>)Vector(text, dimensions)).ToList();
        return Task.FromResult(result);
    }

    /// <summary>The vector of a text: values from a seeded generator, scaled to length one.</summary>
    public static float[] Vector(string text, int dimensions)
    {
        var seed = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
        var random = new Random(seed);
        var vector = new float[dimensions];
        double sum = 0;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
            sum += vector[i] * vector[i];
        }
        var scale = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < dimensions; i++)
            vector[i] *= scale;
        return vector;
    }
}
