namespace PromptCapture.Capture.Store.Merging;

/// <summary>What a logs merge did; a second run over the same files adds nothing, which these counts show.</summary>
public sealed class MergeReport
{
    /// <summary>Turns copied into the target.</summary>
    public long TurnsAdded { get; set; }

    /// <summary>Turns the target already had (same ULID).</summary>
    public long TurnsKnown { get; set; }

    /// <summary>Threads created in the target.</summary>
    public long ThreadsAdded { get; set; }

    /// <summary>Source threads that joined a thread of another instance because their history is the same.</summary>
    public long ThreadsJoined { get; set; }

    /// <summary>Messages (content-addressed) new to the target.</summary>
    public long MessagesAdded { get; set; }

    /// <summary>Legacy (llm 0.31 and older) responses copied.</summary>
    public long ResponsesAdded { get; set; }

    /// <summary>Captured failures (prompt_capture_failures rows) copied.</summary>
    public long FailuresAdded { get; set; }

    /// <summary>Attachments new to the target.</summary>
    public long AttachmentsAdded { get; set; }

    /// <summary>One line per count, for the command's output.</summary>
    public override string ToString() =>
        $"{TurnsAdded} turns added ({TurnsKnown} already there), {ThreadsAdded} threads added, {ThreadsJoined} joined across instances, "
        + $"{MessagesAdded} messages, {AttachmentsAdded} attachments, {ResponsesAdded} legacy responses, {FailuresAdded} failures added";
}
