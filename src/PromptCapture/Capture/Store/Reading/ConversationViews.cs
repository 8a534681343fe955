using System.Text.Json;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>One conversation (llm thread) as a list row: enough to recognise it without opening it.</summary>
/// <param name="ThreadId">threads.id.</param>
/// <param name="Name">threads.name (llm's conversation name).</param>
/// <param name="FirstPrompt">The first turn's user text, cut to a preview.</param>
/// <param name="Model">The alias of the latest turn.</param>
/// <param name="ResolvedModel">The model the upstream reported on the latest turn.</param>
/// <param name="FrontDoor">The protocol the client spoke (chat, responses, messages, ollama), or llm for turns llm wrote itself.</param>
/// <param name="UserAgent">The client's User-Agent on the latest turn, or null.</param>
/// <param name="Turns">How many turns the thread has.</param>
/// <param name="InputTokens">Prompt tokens over all turns (null when none reported).</param>
/// <param name="OutputTokens">Completion tokens over all turns.</param>
/// <param name="DurationMs">Wall time over all turns.</param>
/// <param name="StartedUtc">The first turn's datetime_utc.</param>
/// <param name="LastUtc">The latest turn's datetime_utc.</param>
/// <param name="LastTurnId">The latest turn's id (the list's order and its paging cursor).</param>
/// <param name="Snippet">For a search, the best text around the match with \u0002 and \u0003 around each hit; else null.</param>
/// <param name="MatchTurnId">For a search, the newest matching turn of the thread; else null.</param>
public sealed record ConversationSummary(
    string ThreadId, string? Name, string? FirstPrompt, string? Model, string? ResolvedModel, string FrontDoor,
    string? UserAgent, long Turns, long? InputTokens, long? OutputTokens, long? DurationMs, string? StartedUtc,
    string? LastUtc, string LastTurnId, string? Snippet = null, string? MatchTurnId = null);

/// <summary>A page of conversations and the cursor of the next one (null at the end).</summary>
/// <param name="Items">Rows, newest first.</param>
/// <param name="Next">Pass as <c>before</c> to get the following page.</param>
public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Items, string? Next);

/// <summary>What our requests table knows of how a turn arrived; null for turns llm wrote itself.</summary>
/// <param name="FrontDoor">The protocol the client spoke.</param>
/// <param name="SessionId">The client's session, when the front door reports one.</param>
/// <param name="UserAgent">The client's User-Agent.</param>
/// <param name="RemoteAddress">The client's address.</param>
/// <param name="Stream">Whether the answer was streamed.</param>
/// <param name="HttpStatus">The status the gateway answered with.</param>
/// <param name="RequestId">The gateway's request id.</param>
/// <param name="Provider">The providers.json provider.</param>
/// <param name="UpstreamModel">The model id sent upstream.</param>
public sealed record TurnRequest(string FrontDoor, string? SessionId, string? UserAgent, string? RemoteAddress, bool? Stream,
    long? HttpStatus, string? RequestId, string? Provider, string? UpstreamModel);

/// <summary>A tool offered to the model on a turn.</summary>
/// <param name="Name">Function name.</param>
/// <param name="Description">Its description.</param>
/// <param name="InputSchema">Its JSON schema.</param>
public sealed record TurnTool(string? Name, string? Description, JsonElement? InputSchema);

/// <summary>One turn of a conversation, with the messages it added and the answer.</summary>
/// <param name="Id">turns.id.</param>
/// <param name="Model">The alias asked for.</param>
/// <param name="ResolvedModel">The model that answered.</param>
/// <param name="DatetimeUtc">When it started.</param>
/// <param name="DurationMs">Wall time.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="TokenDetails">token_details, decoded.</param>
/// <param name="Options">options_json, decoded.</param>
/// <param name="Schema">The response schema, decoded, when one was asked for.</param>
/// <param name="Tools">Tools offered.</param>
/// <param name="Request">How the request arrived; null for llm's own turns.</param>
/// <param name="Input">Messages of the request not already shown by an earlier turn of the thread (the whole chain on the first).</param>
/// <param name="Output">The answer's messages.</param>
public sealed record TurnView(
    string Id, string? Model, string? ResolvedModel, string? DatetimeUtc, long? DurationMs, long? InputTokens, long? OutputTokens,
    JsonElement? TokenDetails, JsonElement? Options, JsonElement? Schema, IReadOnlyList<TurnTool> Tools, TurnRequest? Request,
    IReadOnlyList<StoredMessage> Input, IReadOnlyList<StoredMessage> Output);

/// <summary>A whole conversation, turns in order.</summary>
/// <param name="ThreadId">threads.id.</param>
/// <param name="Name">threads.name.</param>
/// <param name="ForkedFrom">The thread this one branched from, if any.</param>
/// <param name="Turns">Turns, oldest first.</param>
public sealed record ConversationDetail(string ThreadId, string? Name, string? ForkedFrom, IReadOnlyList<TurnView> Turns);

/// <summary>Everything needed to send a captured request again: the alias, the full message chain and its settings.</summary>
/// <param name="Model">The alias.</param>
/// <param name="Messages">The whole request chain, root first.</param>
/// <param name="Options">options_json, decoded.</param>
/// <param name="Tools">Tools offered.</param>
/// <param name="Schema">The response schema, if any.</param>
/// <param name="Stream">Whether the client streamed.</param>
public sealed record ReplayableRequest(string? Model, IReadOnlyList<StoredMessage> Messages, JsonElement? Options,
    IReadOnlyList<TurnTool> Tools, JsonElement? Schema, bool Stream);
