using System.Text.Json;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Errors;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.Ollama;

/// <summary>
/// Ollama's request settings in chat-completions terms: the options object, format (json mode or a schema) and think;
/// what goes upstream lands in the settings or the extra body, everything is recorded for the capture.
/// </summary>
internal static class OllamaOptionsReader
{
    /// <summary>Ollama's options object: the ones chat completions knows go upstream, all are recorded.</summary>
    internal static void ReadOptions(JsonElement json, OpenAIPromptExecutionSettings settings, Dictionary<string, object?> extra, List<KeyValuePair<string, JsonElement>> options)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException("options: must be an object.", "options", "invalid_value");
        foreach (var option in json.EnumerateObject())
        {
            var value = option.Value;
            if (value.ValueKind == JsonValueKind.Null)
                continue;
            switch (option.Name)
            {
                case "temperature":
                    settings.Temperature = Number(value, option.Name);
                    break;
                case "top_p":
                    settings.TopP = Number(value, option.Name);
                    break;
                case "frequency_penalty":
                    settings.FrequencyPenalty = Number(value, option.Name);
                    break;
                case "presence_penalty":
                    settings.PresencePenalty = Number(value, option.Name);
                    break;
                case "seed":
                    settings.Seed = value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seed)
                        ? seed : throw new InvalidRequestException("options.seed: must be an integer.", "options", "invalid_value");
                    break;
                case "num_predict":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var max))
                        throw new InvalidRequestException("options.num_predict: must be an integer.", "options", "invalid_value");
                    // -1 (no limit) and -2 (fill the context) mean no max_tokens at all.
                    if (max > 0)
                        extra["max_tokens"] = max;
                    break;
                case "stop":
                    settings.StopSequences = value.ValueKind switch
                    {
                        JsonValueKind.String => [value.GetString()!],
                        JsonValueKind.Array when value.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(s => s.GetString()!).ToList(),
                        _ => throw new InvalidRequestException("options.stop: must be a string or a list of strings.", "options", "invalid_value"),
                    };
                    break;
            }
            options.Add(new(option.Name, value.Clone()));
        }
    }

    /// <summary>A finite number option; anything else is a 400 naming it.</summary>
    private static double Number(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && float.IsFinite((float)number)
            ? number
            : throw new InvalidRequestException($"options.{name}: must be a finite number.", "options", "invalid_value");

    /// <summary>format "json" is json_object mode, a schema object is json_schema; returns the schema for the capture.</summary>
    internal static JsonElement? Format(JsonElement? format, Dictionary<string, object?> extra, List<KeyValuePair<string, JsonElement>> options)
    {
        if (format is not { } f || f.ValueKind == JsonValueKind.Null || (f.ValueKind == JsonValueKind.String && f.GetString() is ""))
            return null;
        options.Add(new("format", f));
        if (f.ValueKind == JsonValueKind.String && f.GetString() == "json")
        {
            extra["response_format"] = JsonElements.Write(w => { w.WriteStartObject(); w.WriteString("type", "json_object"); w.WriteEndObject(); });
            return null;
        }
        if (f.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException("format: must be \"json\" or a JSON schema object.", "format", "invalid_value");
        extra["response_format"] = JsonElements.Write(w => OpenAIChat.ResponseFormatJson.WriteJsonSchema(w, f));
        return f;
    }

    /// <summary>think: true/false is recorded; a level (low, medium, high) goes upstream as reasoning_effort.</summary>
    internal static void Think(JsonElement? think, Dictionary<string, object?> extra, List<KeyValuePair<string, JsonElement>> options)
    {
        if (think is not { ValueKind: not JsonValueKind.Null } t)
            return;
        if (t.ValueKind == JsonValueKind.String)
        {
            var level = t.GetString();
            if (level is not ("low" or "medium" or "high"))
                throw new InvalidRequestException($"think: \"{level}\" is not a level; use true, false, \"low\", \"medium\" or \"high\".", "think", "invalid_value");
            extra["reasoning_effort"] = level;
        }
        else if (t.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new InvalidRequestException("think: must be a boolean or a level.", "think", "invalid_value");
        }
        options.Add(new("think", t));
    }
}
