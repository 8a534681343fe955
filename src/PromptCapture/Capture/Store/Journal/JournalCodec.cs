using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Exchange;

namespace PromptCapture.Capture.Store.Journal;

/// <summary>
/// A capture record as the journal keeps it: only what the writer stores (no SK history or settings), in compact
/// JSON written by source-generated code, so encoding costs microseconds on the request path and decoding gives the
/// writer back a record it treats like any other.
/// </summary>
internal static class JournalCodec
{
    /// <summary>A thread's encode buffer grown past this (a huge request) is let go after use rather than kept.</summary>
    private const int KeptBufferBytes = 256 * 1024;

    /// <summary>The calling thread's encode buffer: one record is encoded into it and appended before the next.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The JSON writer over <see cref="t_buffer"/>, reset per record.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The record as a journal frame: <see cref="CaptureJournal.HeaderBytes"/> of room for the header, then UTF-8 JSON,
    /// in the calling thread's reused buffer, so the request path allocates no array per record. Valid until the
    /// thread's next call; its payload is made here (the request path) so the journal holds it.
    /// </summary>
    public static Span<byte> EncodeFrame(CaptureRecord record)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        buffer.Advance(CaptureJournal.HeaderBytes);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, ToEntry(record), JournalJsonContext.Default.JournalEntry);
        writer.Flush();
        return MemoryMarshal.AsMemory(buffer.WrittenMemory).Span;
    }

    /// <summary>Lets go of the calling thread's buffer when a huge record grew it; call once the frame is appended.</summary>
    public static void ReleaseLargeBuffer()
    {
        if (t_buffer is { Capacity: > KeptBufferBytes })
        {
            t_buffer = null;
            t_writer = null;
        }
    }

    /// <summary>The record back from a frame's payload (what follows the header <see cref="EncodeFrame"/> leaves room for).</summary>
    public static CaptureRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var e = JsonSerializer.Deserialize(bytes, JournalJsonContext.Default.JournalEntry)
            ?? throw new JsonException("empty journal entry");
        var payload = e.ResponseJson;
        return new CaptureRecord
        {
            TurnId = e.Id,
            Request = new ExchangeRequest
            {
                // The writer never reads what went upstream; only the neutral form is kept.
                History = new ChatHistory(),
                Settings = new OpenAIPromptExecutionSettings(),
                Messages = e.Messages.Select(m => new ExchangeMessage(m.Role, m.Parts.Select(p => new ExchangePart(
                    p.Kind, p.Text, p.ToolName, p.ToolCallId, p.Arguments, p.MimeType, p.Content, p.Url, p.Detail)).ToList())).ToList(),
                Options = e.Options.Select(o => new KeyValuePair<string, JsonElement>(o.Key, o.Value)).ToList(),
                Tools = e.Tools.Select(t => new ExchangeTool(t.Name, t.Description, t.Parameters)).ToList(),
                Schema = e.Schema,
                Client = e.Client,
                StartedUtc = e.StartedUtc,
                StartTimestamp = 0,
            },
            Target = e.Target,
            Answer = e.Answer is not { } a ? null : new ExchangeAnswer
            {
                Text = a.Text,
                Reasoning = a.Reasoning,
                Refusal = a.Refusal,
                ToolCalls = a.ToolCalls,
                FinishReason = a.FinishReason,
                Usage = a.Usage,
                Model = a.Model,
                Created = a.Created,
                SystemFingerprint = a.SystemFingerprint,
                ServiceTier = a.ServiceTier,
                RawJson = payload is null ? null : () => payload,
            },
            DurationMs = e.DurationMs,
            Outcome = e.Outcome,
            HttpStatus = e.HttpStatus,
            ErrorType = e.ErrorType,
            ErrorMessage = e.ErrorMessage,
        };
    }

    /// <summary>The stored fields of a record.</summary>
    private static JournalEntry ToEntry(CaptureRecord r) => new()
    {
        Id = r.TurnId,
        Messages = r.Messages.Select(m => new JournalMessage(m.Role, m.Parts.Select(p => new JournalPart
        {
            Kind = p.Kind, Text = p.Text, ToolName = p.ToolName, ToolCallId = p.ToolCallId, Arguments = p.Arguments,
            MimeType = p.MimeType, Content = p.Content, Url = p.Url, Detail = p.Detail,
        }).ToList())).ToList(),
        Options = r.Options.Select(o => new JournalOption(o.Key, o.Value)).ToList(),
        Tools = r.Tools.Select(t => new JournalTool(t.Name, t.Description, t.Parameters)).ToList(),
        Schema = r.Schema,
        Client = r.Client,
        StartedUtc = r.StartedUtc,
        Target = r.Target,
        Answer = r.Answer is not { } a ? null : new JournalAnswer
        {
            Text = a.Text, Reasoning = a.Reasoning, Refusal = a.Refusal, ToolCalls = [.. a.ToolCalls],
            FinishReason = a.FinishReason, Usage = a.Usage, Model = a.Model, Created = a.Created,
            SystemFingerprint = a.SystemFingerprint, ServiceTier = a.ServiceTier,
        },
        ResponseJson = r.ResponseJson,
        DurationMs = r.DurationMs,
        Outcome = r.Outcome,
        HttpStatus = r.HttpStatus,
        ErrorType = r.ErrorType,
        ErrorMessage = r.ErrorMessage,
    };
}

/// <summary>One journal entry: a capture record's stored fields.</summary>
internal sealed class JournalEntry
{
    /// <summary>The turn (or failure) id, so a replay can tell what is already in the database.</summary>
    public string? Id { get; init; }
    /// <summary>The request's messages.</summary>
    public List<JournalMessage> Messages { get; init; } = [];
    /// <summary>The options the client set.</summary>
    public List<JournalOption> Options { get; init; } = [];
    /// <summary>The tools offered.</summary>
    public List<JournalTool> Tools { get; init; } = [];
    /// <summary>The answer's schema, or null.</summary>
    public JsonElement? Schema { get; init; }
    /// <summary>Who asked.</summary>
    public required ExchangeClient Client { get; init; }
    /// <summary>When the request arrived.</summary>
    public DateTimeOffset StartedUtc { get; init; }
    /// <summary>Where the attempt went.</summary>
    public required ExchangeTarget Target { get; init; }
    /// <summary>What came back, or null.</summary>
    public JournalAnswer? Answer { get; init; }
    /// <summary>The provider's payload, already made.</summary>
    public string? ResponseJson { get; init; }
    /// <summary>Wall time in milliseconds.</summary>
    public long DurationMs { get; init; }
    /// <summary>How it ended.</summary>
    public CaptureOutcome Outcome { get; init; }
    /// <summary>The status the client got.</summary>
    public int HttpStatus { get; init; }
    /// <summary>Error class, for failures.</summary>
    public string? ErrorType { get; init; }
    /// <summary>Error message, for failures.</summary>
    public string? ErrorMessage { get; init; }
}

/// <summary>A message of the request.</summary>
/// <param name="Role">Its role.</param>
/// <param name="Parts">Its parts.</param>
internal sealed record JournalMessage(string Role, List<JournalPart> Parts);

/// <summary>One part of a message (attachment bytes as base64).</summary>
internal sealed class JournalPart
{
    /// <summary>The part kind.</summary>
    public ExchangePartKind Kind { get; init; }
    /// <summary>Text or tool output.</summary>
    public string? Text { get; init; }
    /// <summary>Tool name.</summary>
    public string? ToolName { get; init; }
    /// <summary>Tool call id.</summary>
    public string? ToolCallId { get; init; }
    /// <summary>Tool call arguments.</summary>
    public string? Arguments { get; init; }
    /// <summary>Attachment MIME type.</summary>
    public string? MimeType { get; init; }
    /// <summary>Attachment bytes.</summary>
    public byte[]? Content { get; init; }
    /// <summary>Attachment URL.</summary>
    public string? Url { get; init; }
    /// <summary>Image detail.</summary>
    public string? Detail { get; init; }
}

/// <summary>One option with its JSON value.</summary>
/// <param name="Key">The option name.</param>
/// <param name="Value">Its value.</param>
internal sealed record JournalOption(string Key, JsonElement Value);

/// <summary>A tool definition.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Description">Description.</param>
/// <param name="Parameters">Parameter schema.</param>
internal sealed record JournalTool(string Name, string? Description, JsonElement? Parameters);

/// <summary>The answer's stored fields (no log probabilities: nothing stores them).</summary>
internal sealed class JournalAnswer
{
    /// <summary>Answer text.</summary>
    public string? Text { get; init; }
    /// <summary>Reasoning text.</summary>
    public string? Reasoning { get; init; }
    /// <summary>Refusal text.</summary>
    public string? Refusal { get; init; }
    /// <summary>Tool calls.</summary>
    public List<ExchangeToolCall> ToolCalls { get; init; } = [];
    /// <summary>Finish reason.</summary>
    public string? FinishReason { get; init; }
    /// <summary>Token counts.</summary>
    public ExchangeUsage? Usage { get; init; }
    /// <summary>Resolved model.</summary>
    public string? Model { get; init; }
    /// <summary>Upstream creation time.</summary>
    public DateTimeOffset? Created { get; init; }
    /// <summary>System fingerprint.</summary>
    public string? SystemFingerprint { get; init; }
    /// <summary>Service tier.</summary>
    public string? ServiceTier { get; init; }
}

/// <summary>Source-generated serializers for the journal: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
