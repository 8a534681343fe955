using System.Diagnostics;
using Microsoft.SemanticKernel;
using OpenAI.Chat;
using PromptCapture.Errors;

namespace PromptCapture.Providers;

/// <summary>
/// An upstream that says 200 but sends no chat completion (no "choices", an empty list, an {"error": ...} body, or an
/// error event in a stream) has failed, not the gateway: this turns what SK and the OpenAI SDK do with such answers
/// (an index error deep in the SDK, or an update with nothing in it) into a 502 that says what the upstream sent.
/// It costs nothing on answers that have choices.
/// </summary>
internal static class UpstreamShapeCheck
{
    /// <summary>
    /// The 502 for an exception thrown while SK read a non-streaming completion that has no choice to read (the SDK's
    /// ChatCompletion properties index Choices[0]); null for any other exception, which keeps its own meaning.
    /// </summary>
    public static UpstreamUnavailableException? FromReadFailure(Exception error, ModelRoute route)
    {
        if (error is not (ArgumentOutOfRangeException or NullReferenceException) || !ThrownByCompletionModel(error))
            return null;
        return new UpstreamUnavailableException(NoChoicesMessage(route.Alias, route.Provider), error);
    }

    /// <summary>What the client is told when an upstream answered 200 without a choice to read.</summary>
    public static string NoChoicesMessage(string alias, string provider) =>
        $"The upstream of '{alias}' ({provider}) answered HTTP 200 without a completion: the answer has no choices (an empty body or an error body sent with status 200).";

    /// <summary>What the client is told when a stream carried an error object instead of the answer (message already masked).</summary>
    public static string StreamErrorMessage(string alias, string provider, string message) =>
        $"The upstream of '{alias}' ({provider}) sent an error instead of the answer: {message}";

    /// <summary>
    /// Throws a 502 for a streamed update that holds an "error" object instead of choices (some providers report
    /// failures mid-stream this way); the upstream's message is passed on with secrets masked. Other updates pass.
    /// </summary>
    public static void ThrowIfError(StreamingChatMessageContent item, ModelRoute route)
    {
        // Only updates that carry nothing at all are looked into, so answer chunks pay one type test and four reads.
        if (item.InnerContent is not StreamingChatCompletionUpdate update || update.ContentUpdate.Count > 0
            || update.ToolCallUpdates.Count > 0 || update.FinishReason is not null || update.Usage is not null)
            return;
        if (ErrorMessage(update) is { } message)
            throw new UpstreamUnavailableException(StreamErrorMessage(route.Alias, route.Provider, route.Redactor.Redact(message)));
    }

    /// <summary>The message of an update's "error" field (an object with a message, or a bare string), or null when it has none.</summary>
    private static string? ErrorMessage(StreamingChatCompletionUpdate update)
    {
#pragma warning disable SCME0001 // JsonPatch is the SDK's only door to fields it does not model.
        if (update.Patch.TryGetValue("$.error.message"u8, out string? message) && message is not null)
            return message;
        if (update.Patch.TryGetValue("$.error"u8, out string? text) && text is not null)
            return text;
        return update.Patch.Contains("$.error"u8) ? "(no message)" : null;
#pragma warning restore SCME0001
    }

    /// <summary>Whether a frame of the exception's stack belongs to the SDK's ChatCompletion model, i.e. it was reading the answer.</summary>
    private static bool ThrownByCompletionModel(Exception error) =>
        new StackTrace(error).GetFrames().Any(frame => frame.GetMethod()?.DeclaringType == typeof(ChatCompletion));
}
