using PromptCapture.Exchange;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// Turns the neutral updates of one answer into chat.completion.chunk objects: same id and created on every chunk, the
/// role on the first delta, finish_reason on the last choice chunk, usage held back for a final chunk.
/// </summary>
public sealed class ChunkTranslator(string id, string alias, long created)
{
    private bool _roleSent;

    /// <summary>The usage the upstream reported, for the final usage chunk.</summary>
    public Usage? Usage { get; private set; }

    /// <summary>The chunk for one update, or null when it adds nothing the client should see.</summary>
    public ChatCompletionChunk? Translate(ExchangeUpdate update)
    {
        if (update.Usage is { } usage)
            Usage = UsageTranslator.ToWire(usage);
        var hasDelta = update.HasDelta;
        var finish = update.FinishReason;
        if (!hasDelta && finish is null && !update.StartsMessage)
            return null;
        var delta = new ChunkDelta
        {
            Role = RoleOnce(),
            Content = update.Text ?? (hasDelta || finish is not null ? null : ""),
            ReasoningContent = update.Reasoning,
            Refusal = update.Refusal,
            ToolCalls = ToolCalls(update.ToolCalls),
        };
        return new ChatCompletionChunk
        {
            Id = id,
            Created = created,
            Model = alias,
            SystemFingerprint = update.SystemFingerprint,
            Choices = [new ChunkChoice { Delta = delta, FinishReason = finish, Logprobs = LogprobsTranslator.ToWire(update.Logprobs) }],
        };
    }

    /// <summary>The final chunk with empty choices and the usage, when the upstream reported usage.</summary>
    public ChatCompletionChunk? UsageChunk() =>
        Usage is null ? null : new ChatCompletionChunk { Id = id, Created = created, Model = alias, Choices = [], Usage = Usage };

    /// <summary>"assistant" the first time, null after.</summary>
    private string? RoleOnce()
    {
        if (_roleSent)
            return null;
        _roleSent = true;
        return "assistant";
    }

    /// <summary>Tool call fragments as OpenAI streams them: index always, id/type/name on the first fragment.</summary>
    private static List<ToolCall>? ToolCalls(IReadOnlyList<ExchangeToolCallDelta>? deltas)
    {
        if (deltas is null)
            return null;
        var wire = new List<ToolCall>(deltas.Count);
        foreach (var d in deltas)
        {
            wire.Add(new ToolCall
            {
                Index = d.Index,
                Id = d.Id,
                Type = d.Id is null ? null : "function",
                Function = new FunctionCall { Name = d.Name, Arguments = d.ArgumentsDelta ?? (d.Name is null ? null : "") },
            });
        }
        return wire;
    }
}
