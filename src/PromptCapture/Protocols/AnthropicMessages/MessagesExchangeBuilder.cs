using System.Text.Json;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// Turns a Messages request into the neutral exchange a chat-completions provider can serve through SK: system and
/// messages translated, tools as functions, options under their chat-completions names. Anthropic-only settings
/// (thinking, top_k, cache_control, unknown fields) are recorded for the capture but not sent to such a provider.
/// </summary>
public static class MessagesExchangeBuilder
{
    /// <summary>The exchange for <paramref name="request"/>; throws InvalidRequestException naming the field.</summary>
    public static ExchangeRequest Build(MessagesRequest request, ExchangeClient client, DateTimeOffset startedUtc, long startTimestamp)
    {
        var messages = ContentTranslator.Translate(request.System, request.Messages);
        var settings = new OpenAIPromptExecutionSettings();
        var extra = new Dictionary<string, object?>(StringComparer.Ordinal);
        var options = new List<KeyValuePair<string, JsonElement>>();
        if (request.MaxTokens is { } max)
        {
            if (max < 1)
                throw new InvalidRequestException("max_tokens: Input should be greater than or equal to 1.", "max_tokens", "invalid_value");
            // max_tokens, not max_completion_tokens: DeepSeek and most OpenAI-compatible servers only know the former.
            extra["max_tokens"] = max;
            options.Add(new("max_tokens", JsonSerializer.SerializeToElement(max, MessagesJson.Context.Int32)));
        }
        else
        {
            throw new InvalidRequestException("max_tokens: Field required.", "max_tokens", "missing_required_parameter");
        }
        if (request.Temperature is { } temperature)
        {
            settings.Temperature = Finite(temperature, "temperature");
            options.Add(new("temperature", JsonSerializer.SerializeToElement(temperature, MessagesJson.Context.Double)));
        }
        if (request.TopP is { } topP)
        {
            settings.TopP = Finite(topP, "top_p");
            options.Add(new("top_p", JsonSerializer.SerializeToElement(topP, MessagesJson.Context.Double)));
        }
        if (request.TopK is { } topK)
            options.Add(new("top_k", JsonSerializer.SerializeToElement(topK, MessagesJson.Context.Int32)));
        if (request.StopSequences is { Count: > 0 } stops)
        {
            settings.StopSequences = stops;
            options.Add(new("stop_sequences", JsonSerializer.SerializeToElement(stops, MessagesJson.Context.ListString)));
        }
        var tools = ToolTranslator.Translate(request.Tools);
        if (tools.Upstream is { } upstreamTools)
            extra["tools"] = upstreamTools;
        if (ToolTranslator.ToolChoice(request.ToolChoice) is var (choice, parallel) && tools.Upstream is not null)
        {
            if (choice is { } c)
                extra["tool_choice"] = c;
            if (parallel is { } p)
                extra["parallel_tool_calls"] = p;
        }
        Note(options, "tool_choice", request.ToolChoice);
        if (request.Metadata is { ValueKind: JsonValueKind.Object } metadata)
        {
            if (metadata.TryGetProperty("user_id", out var user) && user.ValueKind == JsonValueKind.String)
                settings.User = user.GetString();
            options.Add(new("metadata", metadata));
        }
        Note(options, "thinking", request.Thinking);
        if (request.Extra is { } unknown)
        {
            foreach (var (name, value) in unknown)
                options.Add(new(name, value));
        }
        if (extra.Count > 0)
            settings.ExtraBody = extra;
        return new ExchangeRequest
        {
            History = SkHistory.Build(messages),
            Settings = settings,
            Messages = messages,
            Options = options,
            Tools = tools.Captured,
            Client = client,
            StartedUtc = startedUtc,
            StartTimestamp = startTimestamp,
        };
    }

    /// <summary>Records an option the client set, with its JSON value.</summary>
    private static void Note(List<KeyValuePair<string, JsonElement>> options, string name, JsonElement? value)
    {
        if (value is { ValueKind: not JsonValueKind.Null } v)
            options.Add(new(name, v));
    }

    /// <summary>Numbers the OpenAI SDK cannot send (infinite, or too large for its 32-bit float) are refused by name.</summary>
    private static double Finite(double value, string name) =>
        float.IsFinite((float)value) ? value : throw new InvalidRequestException($"{name}: must be a finite number.", name, "invalid_value");
}
