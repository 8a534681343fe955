using PromptCapture.Exchange;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// Turns neutral stream updates into Anthropic's event sequence: message_start, then one block at a time (thinking,
/// text, each tool call) opened with content_block_start, fed by deltas and closed with content_block_stop when the
/// next kind begins, then message_delta (stop reason, usage) and message_stop. One per stream; not thread-safe.
/// </summary>
public sealed class MessagesStreamTranslator(string id, string model)
{
    /// <summary>Which kind of block is open.</summary>
    private enum Open
    {
        /// <summary>No block.</summary>
        None,
        /// <summary>A thinking block.</summary>
        Thinking,
        /// <summary>A text block.</summary>
        Text,
        /// <summary>A tool_use block.</summary>
        Tool,
    }

    private readonly AnswerBuilder _answer = new();
    private Open _open = Open.None;
    private int _index = -1;
    private int _toolIndex = -1;

    /// <summary>message_start (empty content, zero usage until the end) and a first ping, as Anthropic opens a stream.</summary>
    public IReadOnlyList<MessagesEvent> Start() =>
    [
        new MessageStartEvent
        {
            Message = new MessageObject { Id = id, Model = model, Content = [], Usage = new MessageUsage { InputTokens = 0, CacheCreationInputTokens = 0, CacheReadInputTokens = 0, OutputTokens = 0 } },
        },
        PingEvent.Instance,
    ];

    /// <summary>The events of one update (none for an update that only carries usage or a finish reason).</summary>
    public IReadOnlyList<MessagesEvent> Translate(ExchangeUpdate update)
    {
        _answer.Add(update);
        if (!update.HasDelta)
            return [];
        var events = new List<MessagesEvent>(3);
        if (!string.IsNullOrEmpty(update.Reasoning))
        {
            Switch(events, Open.Thinking, () => new ThinkingBlock { Thinking = "" });
            events.Add(new ContentBlockDeltaEvent { Index = _index, Delta = new ThinkingDelta { Thinking = update.Reasoning } });
        }
        var text = update.Text ?? update.Refusal;
        if (!string.IsNullOrEmpty(text))
        {
            Switch(events, Open.Text, () => new TextBlock { Text = "" });
            events.Add(new ContentBlockDeltaEvent { Index = _index, Delta = new TextDelta { Text = text } });
        }
        if (update.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                if (_open != Open.Tool || call.Index != _toolIndex)
                {
                    _toolIndex = call.Index;
                    Close(events);
                    _open = Open.Tool;
                    _index++;
                    events.Add(new ContentBlockStartEvent
                    {
                        Index = _index,
                        ContentBlock = new ToolUseBlock { Id = call.Id ?? MessageFactory.NewId("toolu"), Name = call.Name ?? "", Input = MessageFactory.EmptyObject },
                    });
                }
                if (!string.IsNullOrEmpty(call.ArgumentsDelta))
                    events.Add(new ContentBlockDeltaEvent { Index = _index, Delta = new InputJsonDelta { PartialJson = call.ArgumentsDelta } });
            }
        }
        return events;
    }

    /// <summary>Closes the open block, then message_delta with the stop reason and usage, then message_stop.</summary>
    public IReadOnlyList<MessagesEvent> Finish()
    {
        var events = new List<MessagesEvent>(3);
        Close(events);
        var answer = _answer.Build();
        events.Add(new MessageDeltaEvent
        {
            Delta = new MessageDeltaBody { StopReason = MessageFactory.StopReason(answer.FinishReason, answer.ToolCalls.Count > 0) },
            Usage = MessageFactory.Usage(answer.Usage),
        });
        events.Add(new MessageStopEvent());
        return events;
    }

    /// <summary>Opens a block of <paramref name="kind"/> unless one is open already, closing the previous one.</summary>
    private void Switch(List<MessagesEvent> events, Open kind, Func<ContentBlock> empty)
    {
        if (_open == kind)
            return;
        Close(events);
        _open = kind;
        _index++;
        events.Add(new ContentBlockStartEvent { Index = _index, ContentBlock = empty() });
    }

    /// <summary>Closes the open block, if any.</summary>
    private void Close(List<MessagesEvent> events)
    {
        if (_open == Open.None)
            return;
        events.Add(new ContentBlockStopEvent { Index = _index });
        _open = Open.None;
    }
}
