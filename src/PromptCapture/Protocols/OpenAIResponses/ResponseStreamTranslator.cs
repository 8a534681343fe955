using System.Text;
using PromptCapture.Exchange;

namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// Turns the neutral updates of one answer into the Responses event sequence: created and in_progress first, then for
/// each output item (reasoning, message, each tool call, in the order the upstream produced them) its added event,
/// part events, deltas and done events, and finally completed (or incomplete) with the whole response and usage.
/// </summary>
public sealed class ResponseStreamTranslator(ResponsesRequest request, string id, string alias, long createdAt, ToolMap tools)
{
    private readonly List<ResponseEvent> _events = [];
    private readonly List<OutputItem> _output = [];
    private readonly StringBuilder _buffer = new();
    private OutputItem? _open;
    private string _openKind = "";
    private int _openToolIndex = -1;
    private string? _finishReason;
    private ExchangeUsage? _usage;
    private int _sequence;
    private bool _partOpen;

    /// <summary>The opening events: response.created and response.in_progress.</summary>
    public IReadOnlyList<ResponseEvent> Start()
    {
        _events.Clear();
        var shell = Snapshot("in_progress", []);
        Emit(new ResponseEvent { Type = "response.created", SequenceNumber = _sequence++, Response = shell });
        Emit(new ResponseEvent { Type = "response.in_progress", SequenceNumber = _sequence++, Response = shell });
        return _events;
    }

    /// <summary>The events one update produces (often one delta, sometimes none); the list is reused by the next call.</summary>
    public IReadOnlyList<ResponseEvent> Translate(ExchangeUpdate update)
    {
        _events.Clear();
        _usage = update.Usage ?? _usage;
        _finishReason = update.FinishReason ?? _finishReason;
        if (update.Reasoning is { Length: > 0 } reasoning)
        {
            Open("reasoning_text");
            Delta("response.reasoning_text.delta", reasoning);
        }
        if (update.Text is { Length: > 0 } text)
        {
            Open("output_text");
            Delta("response.output_text.delta", text, logprobs: true);
        }
        if (update.Refusal is { Length: > 0 } refusal)
        {
            Open("refusal");
            Delta("response.refusal.delta", refusal);
        }
        if (update.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                if (_openKind != "tool" || call.Index != _openToolIndex)
                    OpenTool(call);
                if (call.ArgumentsDelta is { Length: > 0 } piece)
                {
                    _buffer.Append(piece);
                    // A custom tool's input is wrapped in the function's JSON arguments: it is sent whole when done.
                    if (_open!.Type == "function_call")
                        Emit(new ResponseEvent { Type = "response.function_call_arguments.delta", SequenceNumber = _sequence++, ItemId = _open.Id, OutputIndex = _output.Count - 1, Delta = piece });
                }
            }
        }
        return _events;
    }

    /// <summary>The closing events: the open item done, then completed (or incomplete) with the whole response.</summary>
    public IReadOnlyList<ResponseEvent> Finish()
    {
        _events.Clear();
        Close();
        var (status, details) = ResponseFactory.Status(_finishReason);
        var response = Snapshot(status, _output, ResponseFactory.Usage(_usage), incomplete: details);
        Emit(new ResponseEvent { Type = status == "completed" ? "response.completed" : "response.incomplete", SequenceNumber = _sequence++, Response = response });
        return _events;
    }

    /// <summary>The closing event of a stream that broke: response.failed with the error and the items so far; never a completed.</summary>
    public ResponseEvent Failed(string code, string message) => new()
    {
        Type = "response.failed",
        SequenceNumber = _sequence++,
        Response = Snapshot("failed", _output, ResponseFactory.Usage(_usage), new ResponseError { Code = code, Message = message }),
    };

    /// <summary>
    /// Makes sure the part <paramref name="partType"/> (reasoning_text, output_text or refusal) is the open one: a
    /// reasoning item for reasoning, a message for the others (text and refusal are parts of one message).
    /// </summary>
    private void Open(string partType)
    {
        var itemKind = partType == "reasoning_text" ? "reasoning" : "message";
        if (_openKind != itemKind)
        {
            Close();
            _openKind = itemKind;
            _open = itemKind == "reasoning"
                ? new OutputItem { Type = "reasoning", Id = ResponseIds.New("rs"), Summary = [], Content = [] }
                : ResponseFactory.Message(ResponseIds.New("msg"), "in_progress", []);
            _output.Add(_open);
            Emit(new ResponseEvent { Type = "response.output_item.added", SequenceNumber = _sequence++, OutputIndex = _output.Count - 1, Item = Copy(_open) });
        }
        if (_partOpen && _open!.Content![^1].Type == partType)
            return;
        OpenPart(partType switch
        {
            "reasoning_text" => new ContentPart { Type = "reasoning_text", Text = "" },
            "refusal" => new ContentPart { Type = "refusal", Refusal = "" },
            _ => ResponseFactory.TextPart(""),
        });
    }

    /// <summary>Opens a new tool-call item for the call at <paramref name="call"/>'s index.</summary>
    private void OpenTool(ExchangeToolCallDelta call)
    {
        Close();
        _openKind = "tool";
        _openToolIndex = call.Index;
        _open = ResponseFactory.ToolCall(call.Id, call.Name, "", tools, "in_progress");
        if (_open.Type == "custom_tool_call")
            _open.Input = "";
        _output.Add(_open);
        Emit(new ResponseEvent { Type = "response.output_item.added", SequenceNumber = _sequence++, OutputIndex = _output.Count - 1, Item = Copy(_open) });
    }

    /// <summary>Starts a content part of the open item.</summary>
    private void OpenPart(ContentPart part)
    {
        CloseParts();
        _open!.Content!.Add(part);
        _partOpen = true;
        Emit(new ResponseEvent
        {
            Type = "response.content_part.added",
            SequenceNumber = _sequence++,
            ItemId = _open.Id,
            OutputIndex = _output.Count - 1,
            ContentIndex = _open.Content.Count - 1,
            Part = Copy(part),
        });
    }

    /// <summary>A text delta into the open part.</summary>
    private void Delta(string type, string delta, bool logprobs = false)
    {
        _buffer.Append(delta);
        Emit(new ResponseEvent
        {
            Type = type,
            SequenceNumber = _sequence++,
            ItemId = _open!.Id,
            OutputIndex = _output.Count - 1,
            ContentIndex = _open.Content!.Count - 1,
            Delta = delta,
            Logprobs = logprobs ? [] : null,
        });
    }

    /// <summary>Ends the open part: its done event, then content_part.done.</summary>
    private void CloseParts()
    {
        if (!_partOpen || _open?.Content is not { Count: > 0 } parts)
            return;
        _partOpen = false;
        var part = parts[^1];
        var text = _buffer.ToString();
        _buffer.Clear();
        var index = parts.Count - 1;
        switch (part.Type)
        {
            case "output_text":
                part.Text = text;
                Emit(new ResponseEvent { Type = "response.output_text.done", SequenceNumber = _sequence++, ItemId = _open.Id, OutputIndex = _output.Count - 1, ContentIndex = index, Text = text, Logprobs = [] });
                break;
            case "reasoning_text":
                part.Text = text;
                Emit(new ResponseEvent { Type = "response.reasoning_text.done", SequenceNumber = _sequence++, ItemId = _open.Id, OutputIndex = _output.Count - 1, ContentIndex = index, Text = text });
                break;
            case "refusal":
                part.Refusal = text;
                Emit(new ResponseEvent { Type = "response.refusal.done", SequenceNumber = _sequence++, ItemId = _open.Id, OutputIndex = _output.Count - 1, ContentIndex = index, Refusal = text });
                break;
        }
        Emit(new ResponseEvent { Type = "response.content_part.done", SequenceNumber = _sequence++, ItemId = _open.Id, OutputIndex = _output.Count - 1, ContentIndex = index, Part = Copy(part) });
    }

    /// <summary>Ends the open item: its last part or its arguments, then output_item.done with the whole item.</summary>
    private void Close()
    {
        if (_open is null)
            return;
        var index = _output.Count - 1;
        if (_openKind == "tool")
        {
            var arguments = _buffer.ToString();
            _buffer.Clear();
            if (_open.Type == "custom_tool_call")
            {
                _open.Input = ResponseFactory.CustomInput(arguments);
                Emit(new ResponseEvent { Type = "response.custom_tool_call_input.done", SequenceNumber = _sequence++, ItemId = _open.Id, OutputIndex = index, Input = _open.Input });
            }
            else
            {
                _open.Arguments = arguments;
                Emit(new ResponseEvent { Type = "response.function_call_arguments.done", SequenceNumber = _sequence++, ItemId = _open.Id, OutputIndex = index, Arguments = arguments, Name = _open.Name });
            }
        }
        else
        {
            CloseParts();
        }
        if (_open.Type != "reasoning")
            _open.Status = "completed";
        Emit(new ResponseEvent { Type = "response.output_item.done", SequenceNumber = _sequence++, OutputIndex = index, Item = _open });
        _open = null;
        _openKind = "";
        _openToolIndex = -1;
    }

    /// <summary>A response object in the given state.</summary>
    private ResponseObject Snapshot(string status, List<OutputItem> output, ResponseUsage? usage = null, ResponseError? error = null, IncompleteDetails? incomplete = null) =>
        ResponseFactory.Create(request, id, alias, createdAt, status, output, usage, error, incomplete);

    /// <summary>Queues an event.</summary>
    private void Emit(ResponseEvent e) => _events.Add(e);

    /// <summary>A snapshot of an item as it is now (events already queued must not change when the item grows).</summary>
    private static OutputItem Copy(OutputItem item) => new()
    {
        Type = item.Type, Id = item.Id, Status = item.Status, Role = item.Role, Content = item.Content is null ? null : [.. item.Content.Select(Copy)],
        Summary = item.Summary, CallId = item.CallId, Name = item.Name, Namespace = item.Namespace, Arguments = item.Arguments, Input = item.Input,
    };

    /// <summary>A snapshot of a part as it is now.</summary>
    private static ContentPart Copy(ContentPart part) => new()
    {
        Type = part.Type, Text = part.Text, Refusal = part.Refusal, Annotations = part.Annotations, Logprobs = part.Logprobs,
    };
}
