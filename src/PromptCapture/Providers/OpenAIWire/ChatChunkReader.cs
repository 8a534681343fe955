using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>
/// Reads one streamed Chat Completions chunk into a neutral update: the first choice's delta (role, text,
/// reasoning_content, refusal, tool-call fragments), its finish reason and log probabilities, and the chunk's usage,
/// model and fingerprint. A chunk that holds an "error" instead of an answer ends the stream as the upstream's failure.
/// </summary>
internal static class ChatChunkReader
{
    /// <summary>The update in <paramref name="json"/> (one SSE data payload).</summary>
    public static ExchangeUpdate Read(ReadOnlySpan<byte> json, string alias, string provider, SecretRedactor redactor)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException("A stream chunk is not a JSON object.");
        var choice = WireValues.Objects(root, "choices").FirstOrDefault();
        var usage = WireValues.Usage(root);
        if (choice.ValueKind != JsonValueKind.Object && usage is null && root.TryGetProperty("error", out var error))
            throw new UpstreamUnavailableException(UpstreamShapeCheck.StreamErrorMessage(alias, provider, redactor.Redact(ErrorMessage(error))));
        var delta = WireValues.Object(choice, "delta");
        var model = WireValues.String(root, "model");
        return new ExchangeUpdate
        {
            StartsMessage = WireValues.String(delta, "role") is not null,
            Text = WireValues.Content(delta) is { Length: > 0 } text ? text : null,
            Reasoning = WireValues.String(delta, "reasoning_content"),
            Refusal = WireValues.String(delta, "refusal"),
            ToolCalls = ToolCallDeltas(delta),
            FinishReason = WireValues.FinishReason(choice),
            Usage = usage,
            Model = string.IsNullOrEmpty(model) ? null : model,
            SystemFingerprint = WireValues.String(root, "system_fingerprint"),
            Logprobs = WireValues.Logprobs(choice),
        };
    }

    /// <summary>The message of an "error" field: an object's message, a bare string, or a placeholder.</summary>
    private static string ErrorMessage(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString() ?? "(no message)",
        JsonValueKind.Object => WireValues.String(error, "message") ?? "(no message)",
        _ => "(no message)",
    };

    /// <summary>The delta's tool-call fragments, or null when it has none.</summary>
    private static IReadOnlyList<ExchangeToolCallDelta>? ToolCallDeltas(JsonElement delta)
    {
        List<ExchangeToolCallDelta>? result = null;
        foreach (var call in WireValues.Objects(delta, "tool_calls"))
        {
            var index = WireValues.Long(call, "index") is { } n and >= 0 and <= int.MaxValue ? (int)n : result?.Count ?? 0;
            var function = WireValues.Object(call, "function");
            (result ??= []).Add(new ExchangeToolCallDelta(index, WireValues.String(call, "id"), WireValues.String(function, "name"), WireValues.Arguments(function)));
        }
        return result;
    }
}
