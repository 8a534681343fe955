using System.Text;

namespace PromptCapture.Exchange;

/// <summary>Folds the updates of a stream into the whole answer; what it holds after a broken stream is the partial answer.</summary>
public sealed class AnswerBuilder
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private StringBuilder? _refusal;
    private SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>? _toolCalls;
    private List<ExchangeLogprob>? _logprobs;
    private string? _finishReason;
    private ExchangeUsage? _usage;
    private string? _model;
    private string? _fingerprint;
    private bool _anyText;
    private bool _anyReasoning;

    /// <summary>Adds one update.</summary>
    public void Add(ExchangeUpdate update)
    {
        if (update.Text is { } text)
        {
            _text.Append(text);
            _anyText = true;
        }
        if (update.Reasoning is { } reasoning)
        {
            _reasoning.Append(reasoning);
            _anyReasoning = true;
        }
        if (update.Refusal is { } refusal)
            (_refusal ??= new StringBuilder()).Append(refusal);
        if (update.ToolCalls is { } calls)
        {
            _toolCalls ??= [];
            foreach (var call in calls)
            {
                if (!_toolCalls.TryGetValue(call.Index, out var entry))
                    entry = (null, null, new StringBuilder());
                entry.Id ??= call.Id;
                entry.Name ??= call.Name;
                entry.Arguments.Append(call.ArgumentsDelta);
                _toolCalls[call.Index] = entry;
            }
        }
        if (update.Logprobs is { Count: > 0 } logprobs)
            (_logprobs ??= []).AddRange(logprobs);
        _finishReason = update.FinishReason ?? _finishReason;
        _usage = update.Usage ?? _usage;
        if (!string.IsNullOrEmpty(update.Model))
            _model = update.Model;
        _fingerprint = update.SystemFingerprint ?? _fingerprint;
    }

    /// <summary>The answer so far.</summary>
    public ExchangeAnswer Build() => new()
    {
        Text = _anyText ? _text.ToString() : null,
        Reasoning = _anyReasoning ? _reasoning.ToString() : null,
        Refusal = _refusal?.ToString(),
        ToolCalls = _toolCalls is null ? [] : _toolCalls.Values.Select(c => new ExchangeToolCall(c.Id, c.Name, c.Arguments.ToString())).ToList(),
        FinishReason = _finishReason,
        Usage = _usage,
        Model = _model,
        SystemFingerprint = _fingerprint,
        Logprobs = _logprobs,
    };
}
