namespace PromptCapture.Capture;

/// <summary>Where the capture filter hands finished exchanges; implementations must never block or throw on the request path.</summary>
public interface ICaptureSink
{
    /// <summary>Queues one record for writing; returns at once.</summary>
    void Submit(CaptureRecord record);
}
