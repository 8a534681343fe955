using System.Text.Json;
using PromptCapture.Errors;
using PromptCapture.Exchange;

namespace PromptCapture.Providers.OpenAIWire;

/// <summary>
/// Reads an upstream's non-streaming Chat Completions answer straight into the neutral answer: the first choice's
/// text, reasoning_content (DeepSeek's and others'), refusal, tool calls, finish reason and log probabilities, with
/// usage, model, creation time, fingerprint and tier; the raw body is kept as the upstream's own JSON.
/// </summary>
internal static class ChatAnswerReader
{
    /// <summary>The answer in <paramref name="body"/>; a 200 without a choice is the upstream's failure (named by alias and provider).</summary>
    public static ExchangeAnswer Read(byte[] body, string alias, string provider, SecretRedactor redactor)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices)
            || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0 || choices[0].ValueKind != JsonValueKind.Object)
            throw new UpstreamUnavailableException(UpstreamShapeCheck.NoChoicesMessage(alias, provider) + UpstreamSaid(root, redactor));
        var choice = choices[0];
        var message = WireValues.Object(choice, "message");
        return new ExchangeAnswer
        {
            Text = WireValues.Content(message),
            Reasoning = WireValues.String(message, "reasoning_content"),
            Refusal = WireValues.String(message, "refusal"),
            ToolCalls = ToolCalls(message),
            FinishReason = WireValues.FinishReason(choice) ?? "stop",
            Usage = WireValues.Usage(root),
            Model = WireValues.String(root, "model"),
            Created = WireValues.Long(root, "created") is { } seconds and > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            SystemFingerprint = WireValues.String(root, "system_fingerprint"),
            ServiceTier = WireValues.String(root, "service_tier"),
            Logprobs = WireValues.Logprobs(choice),
            // Decoded only when capture asks, in the background; the array is this call's own.
            RawJson = () => System.Text.Encoding.UTF8.GetString(body),
        };
    }

    /// <summary>" It said: ..." with the message of an "error" the body holds instead (keys masked), or nothing.</summary>
    private static string UpstreamSaid(JsonElement root, SecretRedactor redactor)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error))
            return "";
        var message = WireValues.ErrorMessage(error);
        return string.IsNullOrEmpty(message) ? "" : " It said: " + redactor.Redact(message);
    }

    /// <summary>The message's whole tool calls, argument strings unchanged.</summary>
    private static IReadOnlyList<ExchangeToolCall> ToolCalls(JsonElement message)
    {
        List<ExchangeToolCall>? result = null;
        foreach (var call in WireValues.Objects(message, "tool_calls"))
        {
            var function = WireValues.Object(call, "function");
            (result ??= []).Add(new ExchangeToolCall(WireValues.String(call, "id"), WireValues.String(function, "name"), WireValues.Arguments(function) ?? ""));
        }
        return result ?? (IReadOnlyList<ExchangeToolCall>)[];
    }
}
