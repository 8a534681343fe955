using PromptCapture.Errors;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Reads and checks the JSON body of a chat request.</summary>
public static class RequestReader
{
    /// <summary>Parses the body; throws <see cref="InvalidRequestException"/> or <see cref="RequestTooLargeException"/>.</summary>
    public static async Task<ChatCompletionRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, ChatJson.Context.ChatCompletionRequest, "a chat completion", cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
        if (body.Messages is null)
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        if (body.Messages.Count == 0)
            throw new InvalidRequestException("'messages' must hold at least one message.", "messages", "empty_array");
        RequestValueChecks.Check(body);
        return body;
    }
}
