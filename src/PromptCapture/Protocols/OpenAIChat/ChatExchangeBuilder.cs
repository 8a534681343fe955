using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Turns a chat completions request into the neutral exchange: history, settings and the neutral view, in one pass.</summary>
public static class ChatExchangeBuilder
{
    /// <summary>Translates <paramref name="request"/>; throws InvalidRequestException on bad content. Built once, reused by every fallback.</summary>
    public static ExchangeRequest Build(ChatCompletionRequest request, ExchangeClient client, DateTimeOffset startedUtc, long startTimestamp)
    {
        var (history, messages) = MessageTranslator.Translate(request.Messages!);
        var (settings, options) = ExecutionSettingsTranslator.Translate(request);
        ToolNamePatches.Apply(request.Messages!, settings);
        return new ExchangeRequest
        {
            History = history,
            Settings = settings,
            Messages = messages,
            Options = options,
            Tools = ToolDefinitions(request.Tools),
            Schema = JsonSchema(request.ResponseFormat),
            Client = client,
            StartedUtc = startedUtc,
            StartTimestamp = startTimestamp,
        };
    }

    /// <summary>The function tools a request offers, for llm's tools table; tools of other types are forwarded but not recorded.</summary>
    private static IReadOnlyList<ExchangeTool> ToolDefinitions(JsonElement? tools)
    {
        if (tools is not { ValueKind: JsonValueKind.Array } list)
        {
            if (tools is { ValueKind: not JsonValueKind.Null })
                throw new Errors.InvalidRequestException("tools must be an array of tool definitions.", "tools", "invalid_type");
            return [];
        }
        var result = new List<ExchangeTool>();
        var index = 0;
        foreach (var tool in list.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object)
                throw new Errors.InvalidRequestException($"tools[{index}] must be an object.", $"tools[{index}]", "invalid_type");
            if (tool.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                var description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                JsonElement? parameters = function.TryGetProperty("parameters", out var p) ? p : null;
                result.Add(new ExchangeTool(name.GetString()!, description, parameters));
            }
            index++;
        }
        return result;
    }

    /// <summary>The schema of a json_schema response_format, or null.</summary>
    private static JsonElement? JsonSchema(JsonElement? format)
    {
        if (format is not { ValueKind: JsonValueKind.Object } f)
            return null;
        if (f.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "json_schema"
            && f.TryGetProperty("json_schema", out var js) && js.ValueKind == JsonValueKind.Object && js.TryGetProperty("schema", out var schema))
            return schema;
        return null;
    }
}
