using OpenAI.Chat;
using PromptCapture.Providers;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>
/// Turns the SK stream of one answer into chat.completion.chunk objects: same id and created on every chunk, the
/// role on the first delta, finish_reason on the last choice chunk, usage held back for a final chunk.
/// </summary>
public sealed class ChunkTranslator(string id, string alias, long created)
{
    private object? _lastUpdate;
    private bool _roleSent;

    /// <summary>The usage the upstream reported, for the final usage chunk.</summary>
    public Usage? Usage { get; private set; }

    /// <summary>The chunk for one SK item, or null when it adds nothing the client should see.</summary>
    public ChatCompletionChunk? Translate(SkStreamingMessage item)
    {
        if (item.InnerContent is not StreamingChatCompletionUpdate update)
            return item.Content is { Length: > 0 } text ? Chunk(new ChunkDelta { Role = RoleOnce(), Content = text }, null, null, null) : null;
        // SK yields one item per content part of an update; the update itself is translated once.
        if (ReferenceEquals(update, _lastUpdate))
            return null;
        _lastUpdate = update;
        if (update.Usage is { } usage)
            Usage = UsageTranslator.ToWire(usage);
        var content = update.ContentUpdate.Count > 0 ? OpenAIResultReader.Text(update.ContentUpdate) : null;
        var reasoning = OpenAIResultReader.Reasoning(update);
        var toolCalls = ToolCalls(update.ToolCallUpdates);
        var finish = update.FinishReason is { } reason ? OpenAIResultReader.FinishReason(reason) : null;
        var logprobs = LogprobsTranslator.ToWire(update.ContentTokenLogProbabilities);
        var hasDelta = content is not null || reasoning is not null || toolCalls is not null || update.RefusalUpdate is not null;
        if (!hasDelta && finish is null && update.Role is null)
            return null;
        var delta = new ChunkDelta
        {
            Role = RoleOnce(),
            Content = content ?? (hasDelta || finish is not null ? null : ""),
            ReasoningContent = reasoning,
            Refusal = update.RefusalUpdate,
            ToolCalls = toolCalls,
        };
        return Chunk(delta, finish, logprobs, update.SystemFingerprint);
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

    /// <summary>Wraps a delta in a chunk.</summary>
    private ChatCompletionChunk Chunk(ChunkDelta delta, string? finish, System.Text.Json.JsonElement? logprobs, string? fingerprint) => new()
    {
        Id = id,
        Created = created,
        Model = alias,
        SystemFingerprint = fingerprint,
        Choices = [new ChunkChoice { Delta = delta, FinishReason = finish, Logprobs = logprobs }],
    };

    /// <summary>Tool call fragments as OpenAI streams them: index always, id/type/name on the first fragment.</summary>
    private static List<ToolCall>? ToolCalls(IReadOnlyList<StreamingChatToolCallUpdate> updates)
    {
        if (updates.Count == 0)
            return null;
        var wire = new List<ToolCall>(updates.Count);
        foreach (var u in updates)
        {
            wire.Add(new ToolCall
            {
                Index = u.Index,
                Id = u.ToolCallId,
                Type = u.ToolCallId is null ? null : "function",
                Function = new FunctionCall { Name = u.FunctionName, Arguments = u.FunctionArgumentsUpdate?.ToString() ?? (u.FunctionName is null ? null : "") },
            });
        }
        return wire;
    }
}
