using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Anthropic;
using Anthropic.Models.Messages;
using PromptCapture.Exchange;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using MeaiMessage = Microsoft.Extensions.AI.ChatMessage;
using MeaiText = Microsoft.Extensions.AI.TextContent;
using SkMessage = Microsoft.SemanticKernel.ChatMessageContent;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Providers;

/// <summary>
/// A native Anthropic provider as an SK chat service: the official Anthropic SDK's IChatClient behind SK's
/// IChatCompletionService. The history and settings every front door builds are chat-completions shaped (tool calls
/// in the OpenAI connector's metadata key, tools, tool_choice and max_tokens in ExtraBody), so they are translated
/// here into the IChatClient's messages and ChatOptions; results keep the IChatClient's ChatResponse as InnerContent
/// for <see cref="ResultDecoder"/>. It also passes a Messages request through as the client wrote it.
/// </summary>
public sealed class AnthropicChatService : IChatCompletionService, IPassThroughService
{
    /// <summary>The answer length asked for when the client set none (Anthropic requires one).</summary>
    public const int DefaultMaxTokens = 4096;

    private readonly IChatClient _chat;

    /// <summary>Creates the service for one upstream model of <paramref name="client"/>.</summary>
    public AnthropicChatService(IAnthropicClient client, string model)
    {
        Client = client;
        Model = model;
        _chat = client.AsIChatClient(model, DefaultMaxTokens);
        Attributes = new Dictionary<string, object?> { ["ModelId"] = model };
    }

    /// <summary>The SDK client (for pass-through and token counting).</summary>
    public IAnthropicClient Client { get; }

    /// <summary>The upstream model id.</summary>
    public string Model { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> Attributes { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SkMessage>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        var response = await _chat.GetResponseAsync(Messages(chatHistory), Options(executionSettings), cancellationToken).ConfigureAwait(false);
        return [new SkMessage(AuthorRole.Assistant, response.Text, response.ModelId ?? Model, innerContent: response)];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SkStreamingMessage> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null,
        Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in _chat.GetStreamingResponseAsync(Messages(chatHistory), Options(executionSettings), cancellationToken).ConfigureAwait(false))
            yield return new SkStreamingMessage(AuthorRole.Assistant, update.Text, innerContent: update, modelId: update.ModelId ?? Model);
    }

    /// <inheritdoc />
    public bool Accepts(string protocol) => protocol == ExchangePassThrough.AnthropicMessages;

    /// <inheritdoc />
    public async Task<ExchangeAnswer> CompleteAsync(ExchangePassThrough request, CancellationToken cancellationToken)
    {
        var message = await Client.Messages.Create(MessageCreateParams.FromRawUnchecked(Headers(request), NoQuery, Body(request, stream: false)), cancellationToken).ConfigureAwait(false);
        return AnthropicNativeReader.Decode(JsonSerializer.Serialize(message.RawData, PassThroughJson.Default.IReadOnlyDictionaryStringJsonElement));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ExchangeUpdate> StreamAsync(ExchangePassThrough request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new AnthropicNativeReader();
        var events = Client.Messages.CreateStreaming(MessageCreateParams.FromRawUnchecked(Headers(request), NoQuery, Body(request, stream: true)), cancellationToken);
        await foreach (var streamEvent in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var json = streamEvent.Json.GetRawText();
            var name = streamEvent.Json.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
            yield return reader.Decode(name, json);
        }
    }

    /// <inheritdoc />
    public async Task<long> CountTokensAsync(ExchangePassThrough request, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in Body(request, stream: false))
        {
            // count_tokens takes only what shapes the input.
            if (name is "model" or "messages" or "system" or "tools" or "tool_choice" or "thinking" or "mcp_servers" or "output_config" or "output_format" or "context_management")
                body[name] = value;
        }
        var count = await Client.Messages.CountTokens(MessageCountTokensParams.FromRawUnchecked(Headers(request), NoQuery, body), cancellationToken).ConfigureAwait(false);
        return count.InputTokens;
    }

    /// <summary>No query parameters.</summary>
    private static readonly IReadOnlyDictionary<string, JsonElement> NoQuery = new Dictionary<string, JsonElement>();

    /// <summary>The client's body with this service's upstream model and the stream flag the call needs.</summary>
    private Dictionary<string, JsonElement> Body(ExchangePassThrough request, bool stream)
    {
        var body = new Dictionary<string, JsonElement>(request.Body, StringComparer.Ordinal)
        {
            ["model"] = JsonSerializer.SerializeToElement(Model, PassThroughJson.Default.String),
        };
        body.Remove("stream");
        if (stream)
            body["stream"] = JsonSerializer.SerializeToElement(true, PassThroughJson.Default.Boolean);
        return body;
    }

    /// <summary>The forwarded protocol headers (anthropic-version, anthropic-beta) as the SDK's raw header data.</summary>
    private static Dictionary<string, JsonElement> Headers(ExchangePassThrough request)
    {
        var headers = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
            headers[name] = JsonSerializer.SerializeToElement(value, PassThroughJson.Default.String);
        return headers;
    }

    /// <summary>The history as IChatClient messages: tool calls from the connector's metadata, tool results by call id, images as data or URIs.</summary>
    internal static List<MeaiMessage> Messages(ChatHistory history)
    {
        var messages = new List<MeaiMessage>(history.Count);
        foreach (var message in history)
        {
            var role = message.Role.Label switch
            {
                "system" or "developer" => ChatRole.System,
                "assistant" => ChatRole.Assistant,
                "tool" => ChatRole.Tool,
                _ => ChatRole.User,
            };
            var contents = new List<AIContent>();
            foreach (var item in message.Items)
            {
                switch (item)
                {
                    case Microsoft.SemanticKernel.TextContent { Text: { Length: > 0 } text }:
                        contents.Add(new MeaiText(text));
                        break;
                    case ImageContent { Data: { Length: > 0 } data } image:
                        contents.Add(new DataContent(data, image.MimeType ?? "image/png"));
                        break;
                    case ImageContent { Uri: { } uri }:
                        contents.Add(new UriContent(uri, "image/*"));
                        break;
                    case Microsoft.SemanticKernel.FunctionResultContent result:
                        contents.Add(new Microsoft.Extensions.AI.FunctionResultContent(result.CallId ?? "", result.Result?.ToString() ?? ""));
                        break;
                }
            }
            if (message.Metadata?.TryGetValue(SkHistory.ToolCallsMetadataKey, out var value) == true && value is IEnumerable<OpenAI.Chat.ChatToolCall> calls)
            {
                foreach (var call in calls)
                    contents.Add(new Microsoft.Extensions.AI.FunctionCallContent(call.Id, call.FunctionName, Arguments(call.FunctionArguments.ToString())));
            }
            if (contents.Count > 0)
                messages.Add(new MeaiMessage(role, contents));
        }
        return messages;
    }

    /// <summary>A tool call's argument string as the IChatClient's argument dictionary (JSON values kept as elements).</summary>
    private static Dictionary<string, object?> Arguments(string json)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
            return result;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var property in document.RootElement.EnumerateObject())
                    result[property.Name] = property.Value.Clone();
        }
        catch (JsonException)
        {
            // Not JSON: the call goes with no arguments rather than failing the whole request.
        }
        return result;
    }

    /// <summary>The front doors' settings as ChatOptions: sampling, limits, stop sequences, tools and tool choice.</summary>
    internal static ChatOptions Options(PromptExecutionSettings? settings)
    {
        var options = new ChatOptions();
        if (settings is not OpenAIPromptExecutionSettings openAi)
            return options;
        options.Temperature = openAi.Temperature is { } t ? (float)t : null;
        options.TopP = openAi.TopP is { } p ? (float)p : null;
        if (openAi.StopSequences is { Count: > 0 } stops)
            options.StopSequences = [.. stops];
        options.MaxOutputTokens = openAi.MaxTokens;
        var extra = openAi.ExtraBody;
        if (extra is null)
            return options;
        if (extra.TryGetValue("max_tokens", out var max) && max is int maxTokens)
            options.MaxOutputTokens = maxTokens;
        if (extra.TryGetValue("tools", out var tools) && tools is JsonElement { ValueKind: JsonValueKind.Array } toolArray)
        {
            options.Tools = [];
            foreach (var tool in toolArray.EnumerateArray())
            {
                if (!tool.TryGetProperty("function", out var function) || !function.TryGetProperty("name", out var name))
                    continue;
                var description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                var schema = function.TryGetProperty("parameters", out var s) && s.ValueKind == JsonValueKind.Object ? s : EmptySchema;
                options.Tools.Add(AIFunctionFactory.CreateDeclaration(name.GetString()!, description, schema));
            }
        }
        if (extra.TryGetValue("tool_choice", out var choice) && choice is JsonElement c)
        {
            options.ToolMode = c.ValueKind == JsonValueKind.String ? c.GetString() switch
            {
                "none" => ChatToolMode.None,
                "required" => ChatToolMode.RequireAny,
                _ => ChatToolMode.Auto,
            } : c.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var n) ? ChatToolMode.RequireSpecific(n.GetString()!) : ChatToolMode.Auto;
        }
        if (extra.TryGetValue("parallel_tool_calls", out var parallel) && parallel is bool allow)
            options.AllowMultipleToolCalls = allow;
        return options;
    }

    /// <summary>The schema of a tool declared without parameters.</summary>
    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();
}

/// <summary>Source-generated JSON for the small values pass-through writes.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, JsonElement>))]
internal sealed partial class PassThroughJson : JsonSerializerContext;
