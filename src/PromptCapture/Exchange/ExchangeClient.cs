namespace PromptCapture.Exchange;

/// <summary>Who asked and through which front door; recorded beside llm's tables, never sent upstream.</summary>
/// <param name="FrontDoor">The wire protocol that served the request: chat, responses, messages, ollama, completions.</param>
/// <param name="UserAgent">The client's User-Agent header.</param>
/// <param name="RemoteAddress">The client's address.</param>
/// <param name="Stream">Whether the client asked for a streamed answer.</param>
/// <param name="RequestId">The gateway's id for the exchange, as the client sees it (chatcmpl-..., resp_..., msg_...).</param>
/// <param name="SessionId">A session id the client sent (Claude Code's X-Claude-Code-Session-Id), or null.</param>
/// <param name="LoggedByClient">The client logs this exchange itself (llm through `promptcapture llm install`): served, not captured again.</param>
public sealed record ExchangeClient(
    string FrontDoor, string? UserAgent, string? RemoteAddress, bool Stream, string RequestId, string? SessionId = null, bool LoggedByClient = false);
