
namespace PromptCapture.Capture.Store.Reading;

/// <summary>One captured turn as the <c>logs</c> command shows it (the fields of <c>llm logs</c> plus our client).</summary>
/// <param name="Id">turns.id.</param>
/// <param name="Model">The alias the client asked for.</param>
/// <param name="ResolvedModel">The model the upstream reported, if any.</param>
/// <param name="ConversationId">The thread id (llm calls it conversation).</param>
/// <param name="ConversationName">The thread name.</param>
/// <param name="DatetimeUtc">turns.datetime_utc as stored (isoformat).</param>
/// <param name="Prompt">Text of the turn's trailing user messages.</param>
/// <param name="System">Text of the root system message, or null.</param>
/// <param name="Response">Text of the answer.</param>
/// <param name="Reasoning">Reasoning text of the answer, or null.</param>
/// <param name="InputTokens">Prompt tokens, if reported.</param>
/// <param name="OutputTokens">Completion tokens, if reported.</param>
/// <param name="TokenDetails">token_details JSON text, if any.</param>
/// <param name="DurationMs">Wall time of the exchange.</param>
/// <param name="UserAgent">The client's User-Agent from our requests table (null for rows llm wrote).</param>
public sealed record LogEntry(
    string Id,
    string? Model,
    string? ResolvedModel,
    string? ConversationId,
    string? ConversationName,
    string? DatetimeUtc,
    string Prompt,
    string? System,
    string Response,
    string? Reasoning,
    long? InputTokens,
    long? OutputTokens,
    string? TokenDetails,
    long? DurationMs,
    string? UserAgent);
