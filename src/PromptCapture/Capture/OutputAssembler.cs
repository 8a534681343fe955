using System.Text;
using OpenAI.Chat;
using PromptCapture.Providers;
using SkStreamingMessage = Microsoft.SemanticKernel.StreamingChatMessageContent;

namespace PromptCapture.Capture;

/// <summary>
/// Collects what the model produced, from one non-streaming answer or from the deltas of a stream, into the capture's
/// output message, finish reason, usage and resolved model; a partial stream gives a partial output.
/// </summary>
public sealed class OutputAssembler
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _toolCalls = [];
    private object? _lastUpdate;

    /// <summary>Finish reason in wire spelling.</summary>
    public string? FinishReason { get; private set; }
    /// <summary>The model id the upstream reported.</summary>
    public string? ResolvedModel { get; private set; }
    /// <summary>Reported usage.</summary>
    public ChatTokenUsage? Usage { get; private set; }
    /// <summary>Makes the upstream's own response JSON (non-streaming only), when the writer asks for it.</summary>
    public Func<string?>? ResponseJsonSource { get; private set; }

    /// <summary>Takes a whole non-streaming answer.</summary>
    public void Add(Microsoft.SemanticKernel.ChatMessageContent message)
    {
        if (message.InnerContent is not ChatCompletion completion)
        {
            _text.Append(message.Content);
            return;
        }
        _reasoning.Append(OpenAIResultReader.Reasoning(completion));
        _text.Append(OpenAIResultReader.Text(completion.Content));
        for (var i = 0; i < completion.ToolCalls.Count; i++)
        {
            var call = completion.ToolCalls[i];
            _toolCalls[i] = (call.Id, call.FunctionName, new StringBuilder(call.FunctionArguments.ToString()));
        }
        FinishReason = OpenAIResultReader.FinishReason(completion.FinishReason);
        ResolvedModel = completion.Model;
        Usage = completion.Usage;
        ResponseJsonSource = () => OpenAIResultReader.ToJson(completion);
    }

    /// <summary>Takes one streamed item; SK may hand the same upstream update twice, which counts once.</summary>
    public void Add(SkStreamingMessage item)
    {
        if (item.InnerContent is not StreamingChatCompletionUpdate update)
        {
            _text.Append(item.Content);
            return;
        }
        if (ReferenceEquals(update, _lastUpdate))
            return;
        _lastUpdate = update;
        _reasoning.Append(OpenAIResultReader.Reasoning(update));
        if (update.ContentUpdate.Count > 0)
            _text.Append(OpenAIResultReader.Text(update.ContentUpdate));
        foreach (var call in update.ToolCallUpdates)
        {
            if (!_toolCalls.TryGetValue(call.Index, out var entry))
                entry = (null, null, new StringBuilder());
            entry.Id ??= call.ToolCallId;
            entry.Name ??= call.FunctionName;
            if (call.FunctionArgumentsUpdate is { } args)
                entry.Arguments.Append(args.ToString());
            _toolCalls[call.Index] = entry;
        }
        if (update.FinishReason is { } reason)
            FinishReason = OpenAIResultReader.FinishReason(reason);
        if (!string.IsNullOrEmpty(update.Model))
            ResolvedModel = update.Model;
        if (update.Usage is { } usage)
            Usage = usage;
    }

    /// <summary>The assistant message so far (reasoning, text, tool calls), or null when nothing arrived.</summary>
    public CapturedMessage? Output()
    {
        var parts = new List<CapturedPart>();
        if (_reasoning.Length > 0)
            parts.Add(new CapturedPart(CapturedPartKind.Reasoning, _reasoning.ToString()));
        if (_text.Length > 0)
            parts.Add(new CapturedPart(CapturedPartKind.Text, _text.ToString()));
        foreach (var (_, call) in _toolCalls)
            parts.Add(new CapturedPart(CapturedPartKind.ToolCall, ToolName: call.Name, ToolCallId: call.Id, Arguments: call.Arguments.ToString()));
        return parts.Count == 0 ? null : new CapturedMessage("assistant", parts);
    }

    /// <summary>Token details as name -> count, only those the upstream reported.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TokenDetails()
    {
        var details = new List<KeyValuePair<string, long>>();
        if (Usage?.InputTokenDetails is { CachedTokenCount: > 0 } input)
            details.Add(new("cached_tokens", input.CachedTokenCount));
        if (Usage?.OutputTokenDetails is { ReasoningTokenCount: > 0 } output)
            details.Add(new("reasoning_tokens", output.ReasoningTokenCount));
        return details;
    }
}
