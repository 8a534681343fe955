using System.Text.Json;
using PromptCapture.Exchange;

namespace PromptCapture.Capture;

/// <summary>How an exchange ended; only <see cref="Succeeded"/> becomes an llm turn, the others go to our failures table.</summary>
public enum CaptureOutcome
{
    /// <summary>The upstream answered completely.</summary>
    Succeeded,
    /// <summary>The upstream failed (error status, broken connection, bad stream).</summary>
    Failed,
    /// <summary>The client went away before the answer was complete.</summary>
    Cancelled,
}

/// <summary>
/// One exchange as capture hands it to the store: the neutral request and answer as they are (nothing copied), where
/// the attempt went and how it ended. No HTTP types and no secrets.
/// </summary>
public sealed record CaptureRecord
{
    /// <summary>What the client asked.</summary>
    public required ExchangeRequest Request { get; init; }
    /// <summary>The alias, provider and upstream model of the attempt.</summary>
    public required ExchangeTarget Target { get; init; }
    /// <summary>What came back, possibly partial; null when nothing did.</summary>
    public ExchangeAnswer? Answer { get; init; }
    /// <summary>Wall time of the exchange in milliseconds.</summary>
    public long DurationMs { get; init; }
    /// <summary>How the exchange ended.</summary>
    public CaptureOutcome Outcome { get; init; } = CaptureOutcome.Succeeded;
    /// <summary>Status the gateway answered with (or would have: 499 for a client that left).</summary>
    public int HttpStatus { get; init; } = 200;
    /// <summary>Error class for failures (e.g. upstream_error, timeout, cancelled), else null.</summary>
    public string? ErrorType { get; init; }
    /// <summary>Error message for failures, already free of secrets, else null.</summary>
    public string? ErrorMessage { get; init; }
    /// <summary>
    /// The turn (or failure) id chosen when the exchange began, so spans can name it, and journaled with the record
    /// so a replay after a crash can tell the records already in the database; null lets the store make one.
    /// </summary>
    public string? TurnId { get; init; }

    /// <summary>The alias that served the exchange (llm's turns.model).</summary>
    public string Model => Target.Alias;
    /// <summary>The providers.json provider name.</summary>
    public string Provider => Target.Provider;
    /// <summary>The model id sent upstream.</summary>
    public string UpstreamModel => Target.UpstreamModel;
    /// <summary>The model id the upstream reported (llm's turns.resolved_model), or null.</summary>
    public string? ResolvedModel => Answer?.Model;
    /// <summary>The request's messages.</summary>
    public IReadOnlyList<ExchangeMessage> Messages => Request.Messages;
    /// <summary>Options the client set (llm's options_json).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Options => Request.Options;
    /// <summary>Tool definitions offered to the model.</summary>
    public IReadOnlyList<ExchangeTool> Tools => Request.Tools;
    /// <summary>The JSON schema of the answer, or null.</summary>
    public JsonElement? Schema => Request.Schema;
    /// <summary>Who asked.</summary>
    public ExchangeClient Client => Request.Client;
    /// <summary>When the request started, UTC.</summary>
    public DateTimeOffset StartedUtc => Request.StartedUtc;
    /// <summary>Prompt tokens reported by the upstream.</summary>
    public long? InputTokens => Answer?.Usage?.InputTokens;
    /// <summary>Completion tokens reported by the upstream.</summary>
    public long? OutputTokens => Answer?.Usage?.OutputTokens;
    /// <summary>Token details worth recording, as name -> count.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TokenDetails => Answer?.Usage?.Details() ?? [];

    /// <summary>The answer as an assistant message, made on first read (in the background writer, not the request).</summary>
    public ExchangeMessage? Output => _output ??= Answer?.ToMessage();

    /// <summary>The upstream's response as JSON text, made on first read (in the background writer), or null.</summary>
    public string? ResponseJson => _responseJson ??= Answer?.RawJson?.Invoke();

    /// <summary>
    /// The copy a <c>with</c> expression starts from: every stated property, but not the values made on first read,
    /// so a copy with a changed answer (masked secrets) does not keep the original's output or payload.
    /// </summary>
    private CaptureRecord(CaptureRecord original)
    {
        TurnId = original.TurnId;
        Request = original.Request;
        Target = original.Target;
        Answer = original.Answer;
        DurationMs = original.DurationMs;
        Outcome = original.Outcome;
        HttpStatus = original.HttpStatus;
        ErrorType = original.ErrorType;
        ErrorMessage = original.ErrorMessage;
    }

    /// <summary>Backing field of <see cref="Output"/>.</summary>
    private ExchangeMessage? _output;
    /// <summary>Backing field of <see cref="ResponseJson"/>.</summary>
    private string? _responseJson;
}
