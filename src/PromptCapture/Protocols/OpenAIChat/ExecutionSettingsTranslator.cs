using System.Text.Json;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Errors;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// Maps the request's options onto SK's OpenAIPromptExecutionSettings. Only options the client set are sent.
/// Standard sampling options use SK's typed settings; fields SK would rebuild or does not know (tools, tool_choice,
/// response_format, max_tokens, n, and every unknown field) travel in ExtraBody byte for byte.
/// </summary>
public static class ExecutionSettingsTranslator
{
    /// <summary>Builds the settings and the list of options as captured (name, JSON value, in request order).</summary>
    public static (OpenAIPromptExecutionSettings Settings, List<KeyValuePair<string, JsonElement>> Options) Translate(ChatCompletionRequest request)
    {
        var settings = new OpenAIPromptExecutionSettings();
        var extra = new Dictionary<string, object?>(StringComparer.Ordinal);
        var options = new List<KeyValuePair<string, JsonElement>>();

        Finite(request.Temperature, "temperature");
        Finite(request.TopP, "top_p");
        Finite(request.PresencePenalty, "presence_penalty");
        Finite(request.FrequencyPenalty, "frequency_penalty");
        if (request.Temperature is { } temperature) { settings.Temperature = temperature; Note(options, "temperature", temperature); }
        if (request.TopP is { } topP) { settings.TopP = topP; Note(options, "top_p", topP); }
        if (request.MaxTokens is { } maxTokens) { extra["max_tokens"] = maxTokens; Note(options, "max_tokens", maxTokens); }
        if (request.MaxCompletionTokens is { } maxCompletion) { settings.MaxTokens = maxCompletion; Note(options, "max_completion_tokens", maxCompletion); }
        if (request.Stop is { } stop) { settings.StopSequences = StopSequences(stop); options.Add(new("stop", stop)); }
        if (request.Seed is { } seed) { settings.Seed = seed; Note(options, "seed", seed); }
        if (request.PresencePenalty is { } presence) { settings.PresencePenalty = presence; Note(options, "presence_penalty", presence); }
        if (request.FrequencyPenalty is { } frequency) { settings.FrequencyPenalty = frequency; Note(options, "frequency_penalty", frequency); }
        if (request.User is { } user) { settings.User = user; Note(options, "user", user); }
        if (request.N is { } n)
        {
            if (n != 1)
                throw new InvalidRequestException($"n={n} is not supported: this gateway returns exactly one choice. Send n=1 or leave it out.", "n", "unsupported_value");
            extra["n"] = n;
            Note(options, "n", n);
        }
        if (request.Logprobs is { } logprobs) { settings.Logprobs = logprobs; Note(options, "logprobs", logprobs); }
        if (request.TopLogprobs is { } topLogprobs) { settings.TopLogprobs = topLogprobs; Note(options, "top_logprobs", topLogprobs); }
        if (request.LogitBias is { Count: > 0 } bias)
        {
            settings.TokenSelectionBiases = bias.ToDictionary(kv => ParseTokenId(kv.Key), kv => kv.Value);
            options.Add(new("logit_bias", JsonSerializer.SerializeToElement(bias, OptionJsonContext.Default.DictionaryStringInt32)));
        }
        if (request.Tools is { } tools) extra["tools"] = tools;
        if (request.ToolChoice is { } toolChoice) { extra["tool_choice"] = toolChoice; options.Add(new("tool_choice", toolChoice)); }
        if (request.ParallelToolCalls is { } parallel) { extra["parallel_tool_calls"] = parallel; Note(options, "parallel_tool_calls", parallel); }
        if (request.ResponseFormat is { } format) extra["response_format"] = format;
        if (request.Extra is { } unknown)
        {
            foreach (var (name, value) in unknown)
            {
                // SK reads ExtraBody keys starting with "$" as patches of the outgoing JSON: from a client that
                // would rewrite the model, the messages or anything else behind the gateway's back.
                if (name.StartsWith('$'))
                    throw new InvalidRequestException($"Unknown parameter '{name}': field names starting with '$' are not accepted.", name, "unknown_parameter");
                extra[name] = value;
                options.Add(new(name, value));
            }
        }
        if (extra.Count > 0)
            settings.ExtraBody = extra;
        return (settings, options);
    }

    /// <summary>JSON allows 1e999, which parses to infinity and cannot be sent on; refuse it by name.</summary>
    private static void Finite(double? value, string name)
    {
        if (value is { } v && !double.IsFinite(v))
            throw new InvalidRequestException($"{name} must be a finite number.", name, "invalid_value");
    }

    /// <summary>stop is a string or a list of strings; SK sends a list either way.</summary>
    private static List<string> StopSequences(JsonElement stop)
    {
        if (stop.ValueKind == JsonValueKind.String)
            return [stop.GetString()!];
        if (stop.ValueKind == JsonValueKind.Array && stop.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            return stop.EnumerateArray().Select(e => e.GetString()!).ToList();
        throw new InvalidRequestException("stop must be a string or an array of strings.", "stop", "invalid_type");
    }

    /// <summary>logit_bias keys are token ids written as strings.</summary>
    private static int ParseTokenId(string key) =>
        int.TryParse(key, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidRequestException($"logit_bias key '{key}' is not a token id (an integer).", "logit_bias", "invalid_value");

    /// <summary>Records a scalar option for the capture with its JSON value.</summary>
    private static void Note(List<KeyValuePair<string, JsonElement>> options, string name, double value) =>
        options.Add(new(name, JsonSerializer.SerializeToElement(value, OptionJsonContext.Default.Double)));

    /// <summary>Records an integer option for the capture.</summary>
    private static void Note(List<KeyValuePair<string, JsonElement>> options, string name, long value) =>
        options.Add(new(name, JsonSerializer.SerializeToElement(value, OptionJsonContext.Default.Int64)));

    /// <summary>Records a boolean option for the capture.</summary>
    private static void Note(List<KeyValuePair<string, JsonElement>> options, string name, bool value) =>
        options.Add(new(name, JsonSerializer.SerializeToElement(value, OptionJsonContext.Default.Boolean)));

    /// <summary>Records a string option for the capture.</summary>
    private static void Note(List<KeyValuePair<string, JsonElement>> options, string name, string value) =>
        options.Add(new(name, JsonSerializer.SerializeToElement(value, OptionJsonContext.Default.String)));
}

/// <summary>Source-generated JSON for the option values the capture records.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(double))]
[System.Text.Json.Serialization.JsonSerializable(typeof(long))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class OptionJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
