namespace PromptCapture.Bench.Micro;

/// <summary>Names of the profiled stages the analysis quotes, kept in one place so the report cannot drift from the profile.</summary>
internal static class StageNames
{
    /// <summary>The canned service called directly.</summary>
    public const string Canned = "canned SK service call, no kernel";
    /// <summary>The canned service through the kernel and the capture filter.</summary>
    public const string Kernel = "kernel.InvokeAsync + capture filter (canned service)";
    /// <summary>ResultDecoder and the capture's message form of a non-streaming answer.</summary>
    public const string Assemble = "decode answer once (ResultDecoder) + capture message form (non-stream)";
    /// <summary>OpenAIResultReader.ToJson of the answer.</summary>
    public const string Reserialize = "capture: re-serialise upstream answer (OpenAIResultReader.ToJson)";
    /// <summary>A canned stream through the kernel and the capture filter.</summary>
    public const string StreamKernel = "stream: kernel streaming + capture filter, whole stream (canned)";
    /// <summary>ChunkTranslator and JSON for a whole stream.</summary>
    public const string StreamWrite = "stream: ChunkTranslator + serialize, whole stream";
    /// <summary>ResultDecoder over a whole stream: the one reading of the SDK's updates.</summary>
    public const string StreamDecode = "stream: decode updates once (ResultDecoder), whole stream";
    /// <summary>The reasoning lookups of a whole stream.</summary>
    public const string Reasoning = "stream: reasoning_content lookups via SDK JSON patch, whole stream";
}
