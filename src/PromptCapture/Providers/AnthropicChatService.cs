using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic;
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
/// IChatCompletionService. The history and settings every front door builds (chat-completions shaped: tool calls in
/// the connector's metadata, tools and tool_choice in ExtraBody) are translated here, so nothing is lost on the way
/// (SK's own bridge does not read ExtraBody); results keep the IChatClient's ChatResponse as InnerContent for
/// <see cref="ResultDecoder"/>.
/// </summary>
public sealed class AnthropicChatService : IChatCompletionService
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
