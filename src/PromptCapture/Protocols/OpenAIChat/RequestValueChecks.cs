using PromptCapture.Errors;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// Sampling numbers that parse as JSON but cannot travel further: too large for the 32-bit floats the OpenAI SDK
/// sends. They become a 400 naming the field, before anything is routed (lone surrogates: <see cref="Common.LoneSurrogates"/>).
/// </summary>
internal static class RequestValueChecks
{
    /// <summary>
    /// Only values that cannot be sent are refused, not values outside OpenAI's ranges: providers differ (DeepSeek,
    /// Ollama, llama.cpp accept other ranges) and each upstream already answers its own 400 for values it rejects.
    /// </summary>
    private static readonly (string Name, Func<ChatCompletionRequest, double?> Value, string OpenAIRange)[] Floats =
    [
        ("temperature", r => r.Temperature, "0 to 2"),
        ("top_p", r => r.TopP, "0 to 1"),
        ("presence_penalty", r => r.PresencePenalty, "-2 to 2"),
        ("frequency_penalty", r => r.FrequencyPenalty, "-2 to 2"),
    ];

    /// <summary>Throws <see cref="InvalidRequestException"/> for the first value that cannot be sent on.</summary>
    public static void Check(ChatCompletionRequest request)
    {
        foreach (var (name, value, range) in Floats)
        {
            if (value(request) is { } number && !float.IsFinite((float)number))
                throw new InvalidRequestException(
                    $"'{name}' is out of range: {number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} is too large to send upstream. OpenAI accepts {range}; other providers check their own range.",
                    name, "invalid_value");
        }
    }
}
