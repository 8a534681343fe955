namespace PromptCapture.Protocols.Common;

/// <summary>
/// How every front door ends a request that failed before its answer began: the failure logged at its class's level,
/// then written in the protocol's own error shape, quietly when the client has already gone.
/// </summary>
public static class FailureAnswer
{
    /// <summary>Logs <paramref name="error"/> and answers it with <paramref name="writeError"/> (OpenAI's, Anthropic's or Ollama's shape).</summary>
    public static async Task WriteAsync(HttpContext context, Exception error, ILogger logger, string frontDoor,
        Func<HttpContext, Exception, Task> writeError)
    {
        FrontDoorLog.Failure(logger, error, frontDoor);
        try
        {
            await writeError(context, error).ConfigureAwait(false);
        }
        catch (Exception writeFailure) when (writeFailure is OperationCanceledException or IOException)
        {
            FrontDoorLog.ClientLeft(logger);
        }
    }
}
