namespace PromptCapture.Capture.Store.Writing;

/// <summary>Where one record ended up, so callers and tests can find its rows.</summary>
/// <param name="Id">The turns.id of a successful exchange, or the prompt_capture_failures.id of a failed one.</param>
/// <param name="ThreadId">The thread the turn joined; null for failures.</param>
/// <param name="IsTurn">True when the record became an llm turn.</param>
public sealed record CaptureWriteResult(string Id, string? ThreadId, bool IsTurn);
