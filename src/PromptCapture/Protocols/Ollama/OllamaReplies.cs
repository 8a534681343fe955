using System.Diagnostics;
using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Protocols.Ollama;

/// <summary>Builds the objects of an Ollama answer, chat or generate shape, for one request: pieces, tool calls and the final object.</summary>
/// <param name="Chat">True for /api/chat (message objects), false for /api/generate (response strings).</param>
/// <param name="Model">The model as the client named it; Ollama echoes it back.</param>
/// <param name="StartTimestamp">Stopwatch timestamp of arrival, for the durations.</param>
internal sealed record OllamaReplies(bool Chat, string Model, long StartTimestamp)
{
    /// <summary>Stopwatch timestamp of the first piece of the answer; 0 until then.</summary>
    public long FirstTimestamp { get; set; }

    /// <summary>A piece of text and/or reasoning.</summary>
    public object Piece(string? text, string? thinking) => Chat
        ? new OllamaChatChunk { Model = Model, CreatedAt = Now(), Message = new OllamaOutMessage { Content = text ?? "", Thinking = thinking } }
        : new OllamaGenerateChunk { Model = Model, CreatedAt = Now(), Response = text ?? "", Thinking = thinking };

    /// <summary>The tool calls of an answer, whole, as one chat chunk.</summary>
    public OllamaChatChunk Calls(IReadOnlyList<ExchangeToolCall> calls) =>
        new() { Model = Model, CreatedAt = Now(), Message = new OllamaOutMessage { ToolCalls = ToolCalls(calls) } };

    /// <summary>The final object: done, the reason and the timings; for a non-streamed answer, the whole answer with it.</summary>
    public object Final(ExchangeAnswer? answer, bool whole, string? reason = null)
    {
        var end = Stopwatch.GetTimestamp();
        var first = FirstTimestamp == 0 ? end : FirstTimestamp;
        var done = reason ?? (answer?.FinishReason == "length" ? "length" : "stop");
        var total = Nanoseconds(StartTimestamp, end);
        var promptDuration = Nanoseconds(StartTimestamp, first);
        var evalDuration = Nanoseconds(first, end);
        long promptCount = answer?.Usage?.InputTokens ?? 0, evalCount = answer?.Usage?.OutputTokens ?? 0;
        var text = whole ? answer?.Text ?? "" : "";
        var thinking = whole ? answer?.Reasoning : null;
        if (Chat)
        {
            var calls = whole && answer is { ToolCalls.Count: > 0 } ? ToolCalls(answer.ToolCalls) : null;
            return new OllamaChatChunk
            {
                Model = Model, CreatedAt = Now(), Done = true, DoneReason = done,
                Message = new OllamaOutMessage { Content = text, Thinking = thinking, ToolCalls = calls },
                TotalDuration = total, LoadDuration = 0, PromptEvalCount = promptCount, PromptEvalDuration = promptDuration,
                EvalCount = evalCount, EvalDuration = evalDuration,
            };
        }
        return new OllamaGenerateChunk
        {
            Model = Model, CreatedAt = Now(), Response = text, Thinking = thinking, Done = true, DoneReason = done, Context = [],
            TotalDuration = total, LoadDuration = 0, PromptEvalCount = promptCount, PromptEvalDuration = promptDuration,
            EvalCount = evalCount, EvalDuration = evalDuration,
        };
    }

    /// <summary>Tool calls in Ollama's shape: arguments as objects (a string that is not a JSON object is wrapped).</summary>
    private static List<OllamaToolCall> ToolCalls(IReadOnlyList<ExchangeToolCall> calls)
    {
        var result = new List<OllamaToolCall>(calls.Count);
        for (var i = 0; i < calls.Count; i++)
            result.Add(new OllamaToolCall
            {
                Id = calls[i].Id,
                Function = new OllamaFunctionCall { Index = i, Name = calls[i].Name, Arguments = ArgumentsObject(calls[i].Arguments) },
            });
        return result;
    }

    /// <summary>The argument string as a JSON object; empty or malformed text becomes {} or {"value": text}.</summary>
    private static JsonElement ArgumentsObject(string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
            return Common.JsonElements.Write(w => { w.WriteStartObject(); w.WriteEndObject(); });
        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                return document.RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        return Common.JsonElements.Write(w => { w.WriteStartObject(); w.WriteString("value", arguments); w.WriteEndObject(); });
    }

    /// <summary>Nanoseconds between two stopwatch timestamps.</summary>
    private static long Nanoseconds(long from, long to) => (long)((to - from) * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary>Now, RFC 3339 as Ollama writes it.</summary>
    private static string Now() => OllamaModelsEndpoint.Rfc3339(DateTimeOffset.UtcNow);
}
