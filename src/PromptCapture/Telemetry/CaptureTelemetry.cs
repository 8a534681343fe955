using System.Diagnostics;

namespace PromptCapture.Telemetry;

/// <summary>Where capture meets telemetry: the turn id on the spans, so a trace leads to the row in logs.db.</summary>
public static class CaptureTelemetry
{
    /// <summary>Puts the turn id on the current attempt span and on its request span; returns the id.</summary>
    public static string TagTurn(string turnId)
    {
        if (Activity.Current is { } span && span.Source == GatewayTelemetry.Source)
            span.SetTag(GenAi.TurnId, turnId);
        RequestTelemetry.Current?.Activity?.SetTag(GenAi.TurnId, turnId);
        return turnId;
    }

    /// <summary>Records how long one capture batch took to commit.</summary>
    public static void BatchWritten(TimeSpan elapsed, int records)
    {
        if (GatewayTelemetry.CaptureWriteDuration.Enabled)
            GatewayTelemetry.CaptureWriteDuration.Record(elapsed.TotalSeconds, new TagList { { "promptcapture.capture.batch_size", records } });
    }
}
