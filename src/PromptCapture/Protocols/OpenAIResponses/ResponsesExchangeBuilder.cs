using System.Text.Json;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Errors;
using PromptCapture.Exchange;
using PromptCapture.Protocols.Common;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// Turns a Responses request into the neutral exchange a chat-completions provider can serve through SK: messages from
/// instructions and input, tools flattened, options mapped to their chat-completions names, Responses-only fields
/// kept for the capture but not sent upstream.
/// </summary>
public static class ResponsesExchangeBuilder
{
    /// <summary>Fields that only mean something to OpenAI's Responses service; recorded, never sent to a chat upstream.</summary>
    private static readonly HashSet<string> ResponsesOnly = new(StringComparer.Ordinal)
    {
        "include", "truncation", "background", "client_metadata", "stream_options", "max_tool_calls", "prompt_cache_retention",
    };

    /// <summary>Fields whose feature the gateway does not offer, refused by name.</summary>
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal) { "conversation", "prompt" };

    /// <summary>The exchange and the tool map that writes calls back; throws InvalidRequestException naming the field.</summary>
    public static (ExchangeRequest Exchange, ToolTranslator.Result Tools) Build(
        ResponsesRequest request, IReadOnlyList<ExchangeMessage> earlier, ExchangeClient client, DateTimeOffset startedUtc, long startTimestamp)
    {
        var tools = ToolTranslator.Translate(request.Tools);
        var messages = InputTranslator.Translate(request.Instructions, request.Input, earlier, tools.Map);
        var settings = new OpenAIPromptExecutionSettings();
        var extra = new Dictionary<string, object?>(StringComparer.Ordinal);
        var options = new List<KeyValuePair<string, JsonElement>>();
        if (request.Temperature is { } temperature)
        {
            settings.Temperature = Finite(temperature, "temperature");
            options.Add(new("temperature", JsonSerializer.SerializeToElement(temperature, ResponsesJson.Context.Double)));
        }
        if (request.TopP is { } topP)
        {
            settings.TopP = Finite(topP, "top_p");
            options.Add(new("top_p", JsonSerializer.SerializeToElement(topP, ResponsesJson.Context.Double)));
        }
        if (request.MaxOutputTokens is { } max)
        {
            // max_tokens, not max_completion_tokens: DeepSeek and most OpenAI-compatible servers only know the former.
            extra["max_tokens"] = max;
            options.Add(new("max_output_tokens", JsonSerializer.SerializeToElement(max, ResponsesJson.Context.Int32)));
        }
        if (tools.Upstream is { } upstreamTools)
            extra["tools"] = upstreamTools;
        if (ToolTranslator.ToolChoice(request.ToolChoice, tools.Map) is { } choice && tools.Upstream is not null)
            extra["tool_choice"] = choice;
        Note(options, "tool_choice", request.ToolChoice);
        if (request.ParallelToolCalls is { } parallel)
        {
            if (tools.Upstream is not null)
                extra["parallel_tool_calls"] = parallel;
            options.Add(new("parallel_tool_calls", JsonSerializer.SerializeToElement(parallel, ResponsesJson.Context.Boolean)));
        }
        var schema = TextOptions(request.Text, extra);
        Note(options, "text", request.Text);
        if (Field(request.Reasoning, "effort") is { ValueKind: JsonValueKind.String } effort)
            extra["reasoning_effort"] = effort;
        Note(options, "reasoning", request.Reasoning);
        if (request.User is { } user)
        {
            settings.User = user;
            options.Add(new("user", JsonSerializer.SerializeToElement(user, ResponsesJson.Context.String)));
        }
        if (request.Metadata is { ValueKind: not JsonValueKind.Null } metadata)
        {
            extra["metadata"] = metadata;
            options.Add(new("metadata", metadata));
        }
        if (request.Store is { } store)
        {
            extra["store"] = store;
            options.Add(new("store", JsonSerializer.SerializeToElement(store, ResponsesJson.Context.Boolean)));
        }
        Unknown(request.Extra, extra, options);
        if (extra.Count > 0)
            settings.ExtraBody = extra;
        var exchange = new ExchangeRequest
        {
            History = SkHistory.Build(messages),
            Settings = settings,
            Messages = messages,
            Options = options,
            Tools = tools.Captured,
            Schema = schema,
            Client = client,
            StartedUtc = startedUtc,
            StartTimestamp = startTimestamp,
        };
        return (exchange, tools);
    }

    /// <summary>text.format to response_format (returning a json_schema's schema for the capture), text.verbosity passed on.</summary>
    private static JsonElement? TextOptions(JsonElement? text, Dictionary<string, object?> extra)
    {
        if (text is not { ValueKind: JsonValueKind.Object } t)
            return null;
        if (Field(t, "verbosity") is { ValueKind: JsonValueKind.String } verbosity)
            extra["verbosity"] = verbosity;
        if (Field(t, "format") is not { ValueKind: JsonValueKind.Object } format)
            return null;
        switch (Field(format, "type")?.GetString())
        {
            case "json_object":
                extra["response_format"] = JsonElements.Write(w => { w.WriteStartObject(); w.WriteString("type", "json_object"); w.WriteEndObject(); });
                return null;
            case "json_schema":
                var schema = Field(format, "schema") ?? throw new InvalidRequestException("text.format.schema is required for json_schema.", "text.format.schema");
                extra["response_format"] = JsonElements.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", "json_schema");
                    w.WriteStartObject("json_schema");
                    foreach (var name in (ReadOnlySpan<string>)["name", "description", "schema", "strict"])
                    {
                        if (Field(format, name) is { } value)
                        {
                            w.WritePropertyName(name);
                            value.WriteTo(w);
                        }
                    }
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return schema;
            case "text" or null:
                return null;
            case var other:
                throw new InvalidRequestException($"Invalid value '{other}' for text.format.type: expected text, json_object or json_schema.", "text.format.type", "invalid_value");
        }
    }

    /// <summary>Unknown fields: Responses-only ones recorded but not sent, refused ones refused, the rest passed through.</summary>
    private static void Unknown(Dictionary<string, JsonElement>? unknown, Dictionary<string, object?> extra, List<KeyValuePair<string, JsonElement>> options)
    {
        if (unknown is null)
            return;
        foreach (var (name, value) in unknown)
        {
            // SK reads ExtraBody keys starting with "$" as patches of the outgoing JSON.
            if (name.StartsWith('$'))
                throw new InvalidRequestException($"Unknown parameter '{name}': field names starting with '$' are not accepted.", name, "unknown_parameter");
            if (Refused.Contains(name))
                throw new InvalidRequestException($"'{name}' is not supported by this gateway: it keeps no server-side conversations or prompt templates; send the input itself, or previous_response_id.",
                    name, "unsupported_parameter");
            options.Add(new(name, value));
            if (ResponsesOnly.Contains(name))
                continue;
            extra[name] = value;
            if (name == "top_logprobs")
                extra["logprobs"] = true;
        }
    }

    /// <summary>Records an option the client set, with its JSON value.</summary>
    private static void Note(List<KeyValuePair<string, JsonElement>> options, string name, JsonElement? value)
    {
        if (value is { ValueKind: not JsonValueKind.Null } v)
            options.Add(new(name, v));
    }

    /// <summary>A property of an object, null when absent or null.</summary>
    private static JsonElement? Field(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>Numbers the OpenAI SDK cannot send (infinite, or too large for the 32-bit float it writes) are refused by name.</summary>
    private static double Finite(double value, string name) =>
        float.IsFinite((float)value) ? value : throw new InvalidRequestException($"'{name}' is out of range: it must be a finite number small enough to send upstream.", name, "invalid_value");
}
