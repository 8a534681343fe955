using System.Text;

namespace PromptCapture.Bench.Load;

/// <summary>The chat request every variant sends, encoded once; only the model name differs (alias vs upstream id).</summary>
internal static class RequestBodies
{
    /// <summary>A small but realistic request: a system prompt, a user turn and two options.</summary>
    public static byte[] Complete(string model) => Encoding.UTF8.GetBytes(
        $$"""{"model":"{{model}}","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Say hello in five words."}],"temperature":0.2,"max_tokens":32}""");

    /// <summary>The same request streamed, asking for usage as SK always does.</summary>
    public static byte[] Stream(string model) => Encoding.UTF8.GetBytes(
        $$$"""{"model":"{{{model}}}","messages":[{"role":"system","content":"You are a terse assistant."},{"role":"user","content":"Say hello in five words."}],"temperature":0.2,"max_tokens":32,"stream":true,"stream_options":{"include_usage":true}}""");
}
