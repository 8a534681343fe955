using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using PromptCapture.Exchange;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>
/// SK's chat service for an OpenAI-compatible upstream, speaking Chat Completions itself: the history and settings are
/// written straight to the wire JSON and the answer read straight into the neutral answer and updates (the message's
/// and chunks' InnerContent), so a request pays for one JSON write and one JSON read instead of the OpenAI SDK's
/// model building and SK's wrapping on both sides. The provider's HttpClient (retries, limits, timeouts) does the I/O.
/// </summary>
public sealed class OpenAIWireChatService : IChatCompletionService
{
    /// <summary>The provider's client.</summary>
    private readonly HttpClient _http;

    /// <summary>POST target: the endpoint's chat/completions.</summary>
    private readonly Uri _url;

    /// <summary>The Authorization header, or null for a keyless upstream (a local Ollama, vLLM).</summary>
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>The upstream model id sent as "model".</summary>
    private readonly string _model;

    /// <summary>The alias, for error messages.</summary>
    private readonly string _alias;

    /// <summary>The provider name, for error messages.</summary>
    private readonly string _provider;

    /// <summary>Masks keys in upstream error text.</summary>
    private readonly SecretRedactor _redactor;

    /// <summary>The media type of every body sent.</summary>
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>What the gateway calls itself upstream.</summary>
    private static readonly ProductInfoHeaderValue Product = new("PromptCapture", typeof(OpenAIWireChatService).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    /// <summary>A service for one alias of one provider.</summary>
    public OpenAIWireChatService(string model, Uri endpoint, string? apiKey, HttpClient http, string alias, string provider, SecretRedactor redactor)
    {
        _model = model;
        _http = http;
        // Under the endpoint's path, its query kept (some proxies take a version or token there).
        var url = new UriBuilder(endpoint);
        url.Path = url.Path.TrimEnd('/') + "/chat/completions";
        _url = url.Uri;
        _authorization = string.IsNullOrEmpty(apiKey) ? null : new AuthenticationHeaderValue("Bearer", apiKey);
        _alias = alias;
        _provider = provider;
        _redactor = redactor;
        Attributes = new Dictionary<string, object?> { ["ModelId"] = model, ["Endpoint"] = endpoint.ToString() };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(chatHistory, executionSettings, stream: false, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var answer = ChatAnswerReader.Read(body, _alias, _provider, _redactor);
        // The neutral answer rides as InnerContent (what ResultDecoder reads); no SK text item is built beside it.
        return [new ChatMessageContent(AuthorRole.Assistant, content: null, answer.Model, answer)];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory,
        PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(chatHistory, executionSettings, stream: true, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var update in SseDataReader.ReadAsync(stream, data => ChatChunkReader.Read(data, _alias, _provider, _redactor), cancellationToken).ConfigureAwait(false))
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, content: null, update);
    }

    /// <summary>Posts the request; an answer other than 2xx becomes SK's HttpOperationException with the upstream's body.</summary>
    private async Task<HttpResponseMessage> SendAsync(ChatHistory history, PromptExecutionSettings? settings, bool stream, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ByteArrayContent(ChatBodyWriter.ToArray(history, settings, _model, stream)) { Headers = { ContentType = Json } },
        };
        request.Headers.Authorization = _authorization;
        request.Headers.UserAgent.Add(Product);
        request.Headers.Accept.Add(stream ? EventStream : JsonAccept);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpOperationException(response.StatusCode, text, $"The upstream answered HTTP {(int)response.StatusCode}.", null);
        }
    }

    /// <summary>The Accept of a streaming call.</summary>
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    /// <summary>The Accept of a non-streaming call.</summary>
    private static readonly MediaTypeWithQualityHeaderValue JsonAccept = new("application/json");
}
