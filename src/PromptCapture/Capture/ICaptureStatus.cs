namespace PromptCapture.Capture;

/// <summary>What readiness checks need to know about capture, without knowing how or where it is stored.</summary>
public interface ICaptureStatus
{
    /// <summary>Whether exchanges are captured at all.</summary>
    bool Enabled { get; }

    /// <summary>False while the store cannot write.</summary>
    bool Writable { get; }

    /// <summary>Why the store cannot write (for readiness), or null.</summary>
    string? Problem { get; }
}
