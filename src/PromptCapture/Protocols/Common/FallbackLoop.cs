using PromptCapture.Errors;
using PromptCapture.Providers;
using PromptCapture.Telemetry;

namespace PromptCapture.Protocols.Common;

/// <summary>
/// Runs one exchange against an alias and, while nothing has been sent to the client, against its fallbacks in turn;
/// the same for every front door.
/// </summary>
public static class FallbackLoop
{
    /// <summary>
    /// Calls <paramref name="attempt"/> for each candidate until one succeeds; a failure that allows a fallback moves on,
    /// any other (or the last candidate's) is thrown to the front door, which answers in its own error shape.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<ModelRoute> candidates, HttpContext context, ILogger logger, Func<ModelRoute, Task> attempt)
    {
        // The request's span and metrics (null when nothing listens); the client's traceparent continues its trace.
        var telemetry = GatewayTelemetry.On
            ? RequestTelemetry.Begin(candidates[0].Alias, context.Request.Headers.TraceParent, context.Request.Headers.TraceState)
            : null;
        try
        {
            for (var i = 0; ; i++)
            {
                var route = candidates[i];
                try
                {
                    if (route.Service is null)
                        throw new MissingApiKeyException(route.Provider, route.ApiKeyEnv!);
                    await attempt(route).ConfigureAwait(false);
                    telemetry?.End(null);
                    return;
                }
                catch (Exception error) when (i + 1 < candidates.Count && !context.Response.HasStarted && FallbackPolicy.ShouldFallBack(error))
                {
                    FrontDoorLog.FallingBack(logger, route.Alias, error.Message, candidates[i + 1].Alias);
                    telemetry?.FellBack(route.Alias, candidates[i + 1].Alias, error);
                }
            }
        }
        catch (Exception error) when (telemetry is not null)
        {
            telemetry.End(error);
            throw;
        }
    }
}
