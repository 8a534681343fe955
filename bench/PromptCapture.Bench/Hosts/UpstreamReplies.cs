using System.Text;

namespace PromptCapture.Bench.Hosts;

/// <summary>
/// The fast upstream's answers, encoded once: a small chat.completion body and a stream of ~10 small deltas,
/// so the upstream spends next to nothing per request and every variant pays the same for it.
/// </summary>
internal static class UpstreamReplies
{
    /// <summary>The answer text, split as a model would stream it (10 deltas).</summary>
    public static readonly string[] Deltas = ["Hello", "!", " How", " can", " I", " help", " you", " with", " that", "?"];

    /// <summary>The model id the upstream reports.</summary>
    private const string Model = "bench-model-1";

    /// <summary>A fixed creation time, so the bytes never change.</summary>
    private const long Created = 1764000000;

    /// <summary>Usage reported on every answer, as OpenAI reports it.</summary>
    private const string Usage = """{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}""";

    /// <summary>The non-streaming body.</summary>
    public static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        $$"""{"id":"chatcmpl-bench","object":"chat.completion","created":{{Created}},"model":"{{Model}}","system_fingerprint":"fp_bench","choices":[{"index":0,"message":{"role":"assistant","content":"{{string.Concat(Deltas)}}"},"logprobs":null,"finish_reason":"stop"}],"usage":{{Usage}}}""");

    /// <summary>The streamed events in order: role, deltas, finish, usage (empty choices), [DONE]; one write each.</summary>
    public static readonly byte[][] StreamEvents = BuildStream();

    /// <summary>Encodes the stream's events as OpenAI sends them.</summary>
    private static byte[][] BuildStream()
    {
        var events = new List<string> { Chunk("""{"role":"assistant","content":""}""", "null") };
        foreach (var delta in Deltas)
            events.Add(Chunk($$"""{"content":"{{delta}}"}""", "null"));
        events.Add(Chunk("{}", "\"stop\""));
        events.Add($$"""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":{{Created}},"model":"{{Model}}","choices":[],"usage":{{Usage}}}""" + "\n\n");
        events.Add("data: [DONE]\n\n");
        return events.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>One chat.completion.chunk event with a single choice.</summary>
    private static string Chunk(string delta, string finish) =>
        $$"""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":{{Created}},"model":"{{Model}}","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{finish}}}]}""" + "\n\n";
}
