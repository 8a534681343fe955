#pragma warning disable CS0618 // SK 1.82's connectors only offer embeddings through ITextEmbeddingGenerationService.
using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Protocols.Common;
using PromptCapture.Protocols.Ollama;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.Embeddings;

/// <summary>
/// POST /v1/embeddings (OpenAI's shape), POST /api/embed and POST /api/embeddings (Ollama's): one SK embedding call
/// per request, answered in the shape of the route asked.
/// </summary>
public sealed class EmbeddingsEndpoint(ModelCatalog catalog, Capture.Embeddings.IEmbeddingSink sink, ILogger<EmbeddingsEndpoint> logger)
{
    /// <summary>The front door's name in logs.</summary>
    public const string FrontDoor = "embeddings";

    /// <summary>Which wire shape a request came in.</summary>
    private enum Shape
    {
        /// <summary>POST /v1/embeddings.</summary>
        OpenAI,
        /// <summary>POST /api/embed: input string or list, embeddings list.</summary>
        OllamaEmbed,
        /// <summary>POST /api/embeddings: prompt string, one embedding.</summary>
        OllamaLegacy,
    }

    /// <summary>POST /v1/embeddings.</summary>
    public Task OpenAIAsync(HttpContext context) => RunAsync(context, Shape.OpenAI);

    /// <summary>POST /api/embed.</summary>
    public Task EmbedAsync(HttpContext context) => RunAsync(context, Shape.OllamaEmbed);

    /// <summary>POST /api/embeddings.</summary>
    public Task LegacyAsync(HttpContext context) => RunAsync(context, Shape.OllamaLegacy);

    /// <summary>Reads, embeds, answers; every failure in the route's error shape.</summary>
    private async Task RunAsync(HttpContext context, Shape shape)
    {
        var start = Stopwatch.GetTimestamp();
        var aborted = context.RequestAborted;
        try
        {
            var body = await JsonBody.ReadAsync(context.Request, WireJson.Context.JsonElement, "an embeddings request", aborted).ConfigureAwait(false);
            if (body.ValueKind != JsonValueKind.Object)
                throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
            var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var registry = catalog.Current;
            ModelRoute route;
            if (shape == Shape.OpenAI)
            {
                if (string.IsNullOrEmpty(model))
                    throw new InvalidRequestException("model: Field required.", "model", "missing_required_parameter");
                route = registry.TryResolve(model, out var r) ? r : throw new ModelNotFoundException(model);
            }
            else
            {
                route = OllamaModelNames.Resolve(registry, model);
            }
            var inputs = Inputs(body, shape);
            var dimensions = Dimensions(body, shape);
            var base64 = shape == Shape.OpenAI && EncodingIsBase64(body);
            if (shape == Shape.OpenAI && body.TryGetProperty("user", out var user) && user.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                throw new InvalidRequestException("user: must be a string.", "user", "invalid_type");
            var factory = route.Embeddings ?? throw new MissingApiKeyException(route.Provider, route.ApiKeyEnv!);
            IList<ReadOnlyMemory<float>> vectors;
            try
            {
                vectors = inputs.Count == 0 ? [] : await factory(dimensions).GenerateEmbeddingsAsync(inputs, null, aborted).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not GatewayException && !(error is OperationCanceledException && aborted.IsCancellationRequested))
            {
                throw UpstreamErrorTranslator.Translate(error, route, aborted);
            }
            // Stored in the background, one collection per alias; a client that logs itself is not captured twice.
            if (!context.Request.Headers.ContainsKey(ClientDetails.NoCaptureHeader))
            {
                for (var i = 0; i < vectors.Count && i < inputs.Count; i++)
                    sink.Offer(new Capture.Embeddings.EmbeddingRecord(route.Alias, route.UpstreamModel, inputs[i], vectors[i]));
            }
            var tokens = inputs.Sum(EstimateTokens);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            context.Response.Headers[OpenAIChat.ChatCompletionsEndpoint.ServedByHeader] = route.Alias;
            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer))
                Write(writer, shape, model!, vectors, tokens, base64, Stopwatch.GetElapsedTime(start));
            await context.Response.Body.WriteAsync(buffer.WrittenMemory, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            await FailureAnswer.WriteAsync(context, error, logger, FrontDoor,
                shape == Shape.OpenAI ? ErrorResponses.WriteAsync : OllamaErrors.WriteAsync).ConfigureAwait(false);
        }
    }

    /// <summary>The texts to embed: input (string or list of strings), or prompt for the older Ollama route; token arrays are refused.</summary>
    private static List<string> Inputs(JsonElement body, Shape shape)
    {
        var field = shape == Shape.OllamaLegacy ? "prompt" : "input";
        if (!body.TryGetProperty(field, out var input) || input.ValueKind == JsonValueKind.Null)
        {
            if (shape == Shape.OpenAI)
                throw new InvalidRequestException("input: Field required.", "input", "missing_required_parameter");
            return [];
        }
        if (input.ValueKind == JsonValueKind.String)
            return [input.GetString()!];
        if (shape != Shape.OllamaLegacy && input.ValueKind == JsonValueKind.Array)
        {
            var texts = new List<string>(input.GetArrayLength());
            foreach (var item in input.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                    texts.Add(item.GetString()!);
                else if (item.ValueKind is JsonValueKind.Number or JsonValueKind.Array)
                    throw new InvalidRequestException($"{field}: token arrays are not supported; send the text as a string or a list of strings.", field, "unsupported_value");
                else
                    throw new InvalidRequestException($"{field}: every item must be a string.", field, "invalid_type");
            }
            if (shape == Shape.OpenAI && texts.Count == 0)
                throw new InvalidRequestException("input: must not be an empty list.", field, "invalid_value");
            return texts;
        }
        throw new InvalidRequestException(shape == Shape.OllamaLegacy ? "prompt: must be a string." : $"{field}: must be a string or a list of strings.", field, "invalid_type");
    }

    /// <summary>dimensions (OpenAI) or options.dimensions / dimensions (Ollama): a positive integer, or null.</summary>
    private static int? Dimensions(JsonElement body, Shape shape)
    {
        if (!body.TryGetProperty("dimensions", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var d) && d > 0)
            return d;
        throw new InvalidRequestException("dimensions: must be a positive integer.", "dimensions", "invalid_value");
    }

    /// <summary>encoding_format: float (default) or base64; anything else is a 400.</summary>
    private static bool EncodingIsBase64(JsonElement body)
    {
        if (!body.TryGetProperty("encoding_format", out var value) || value.ValueKind == JsonValueKind.Null)
            return false;
        return (value.ValueKind == JsonValueKind.String ? value.GetString() : null) switch
        {
            "float" => false,
            "base64" => true,
            _ => throw new InvalidRequestException("encoding_format: must be 'float' or 'base64'.", "encoding_format", "invalid_value"),
        };
    }

    /// <summary>A token count estimate (SK's embedding results carry no usage): about four characters a token.</summary>
    internal static int EstimateTokens(string text) => text.Length == 0 ? 0 : Math.Max(1, (text.Length + 3) / 4);

    /// <summary>The answer in the route's shape.</summary>
    private static void Write(Utf8JsonWriter w, Shape shape, string model, IList<ReadOnlyMemory<float>> vectors, int tokens, bool base64, TimeSpan elapsed)
    {
        w.WriteStartObject();
        switch (shape)
        {
            case Shape.OpenAI:
                w.WriteString("object", "list");
                w.WriteStartArray("data");
                for (var i = 0; i < vectors.Count; i++)
                {
                    w.WriteStartObject();
                    w.WriteString("object", "embedding");
                    w.WriteNumber("index", i);
                    if (base64)
                        w.WriteBase64String("embedding", MemoryMarshal.AsBytes(vectors[i].Span));
                    else
                        Floats(w, "embedding", vectors[i].Span);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteString("model", model);
                w.WriteStartObject("usage");
                w.WriteNumber("prompt_tokens", tokens);
                w.WriteNumber("total_tokens", tokens);
                w.WriteEndObject();
                break;
            case Shape.OllamaEmbed:
                w.WriteString("model", model);
                w.WriteStartArray("embeddings");
                foreach (var vector in vectors)
                    Floats(w, null, vector.Span);
                w.WriteEndArray();
                var ns = (long)elapsed.TotalNanoseconds;
                w.WriteNumber("total_duration", ns);
                w.WriteNumber("load_duration", 0);
                w.WriteNumber("prompt_eval_count", tokens);
                break;
            default:
                Floats(w, "embedding", vectors.Count > 0 ? vectors[0].Span : []);
                break;
        }
        w.WriteEndObject();
    }

    /// <summary>A float array, as a property when named.</summary>
    private static void Floats(Utf8JsonWriter w, string? name, ReadOnlySpan<float> values)
    {
        if (name is null)
            w.WriteStartArray();
        else
            w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteNumberValue(value);
        w.WriteEndArray();
    }
}
