namespace PromptCapture.Bench.Micro;

/// <summary>Names of the profiled stages the analysis quotes, kept in one place so the report cannot drift from the profile.</summary>
internal static class StageNames
{
    /// <summary>The canned service called directly.</summary>
    public const string Canned = "canned SK service call, no kernel";
    /// <summary>The canned service through the kernel and the capture filter.</summary>
    public const string Kernel = "kernel.InvokeAsync + capture filter (canned service)";
    /// <summary>The one reading of a non-streaming upstream answer and the capture's message form of it.</summary>
    public const string Assemble = "read upstream answer once (ChatAnswerReader) + capture message form (non-stream)";
    /// <summary>The upstream's answer JSON as capture asks for it.</summary>
    public const string Reserialize = "capture: upstream answer JSON (RawJson, decoded from the kept bytes)";
    /// <summary>A canned stream through the kernel and the capture filter.</summary>
    public const string StreamKernel = "stream: kernel streaming + capture filter, whole stream (canned)";
    /// <summary>ChunkTranslator and JSON for a whole stream.</summary>
    public const string StreamWrite = "stream: ChunkTranslator + serialize, whole stream";
    /// <summary>The SSE reading of a whole upstream stream into updates: the one reading of the chunks.</summary>
    public const string StreamDecode = "stream: read upstream SSE into updates once (SseDataReader + ChatChunkReader), whole stream";
    /// <summary>Writing the upstream request body.</summary>
    public const string RequestWrite = "write upstream request body (ChatBodyWriter)";
}
