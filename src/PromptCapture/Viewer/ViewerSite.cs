using PromptCapture.Capture.Store.Reading;
using PromptCapture.Hosting;
using PromptCapture.Viewer.Auth;

namespace PromptCapture.Viewer;

/// <summary>What every viewer handler shares: whether it is on, the database it reads, the keys and the logins.</summary>
/// <param name="decision">On or off, and whether a login is needed.</param>
/// <param name="databasePath">The capture database (the one serve writes, or llm's logs.db).</param>
/// <param name="keys">The gateway keys a login must present.</param>
/// <param name="sessions">Live logins.</param>
internal sealed class ViewerSite(ViewerDecision decision, string databasePath, GatewayKeys keys, ViewerSessions sessions)
{
    /// <summary>On or off, and whether a login is needed.</summary>
    public ViewerDecision Decision { get; } = decision;

    /// <summary>The capture database.</summary>
    public string DatabasePath { get; } = databasePath;

    /// <summary>The gateway keys.</summary>
    public GatewayKeys Keys { get; } = keys;

    /// <summary>Live logins.</summary>
    public ViewerSessions Sessions { get; } = sessions;

    /// <summary>The conversation list and search.</summary>
    public ConversationListReader Conversations { get; } = new(databasePath);

    /// <summary>Whole conversations, attachments and replayable requests.</summary>
    public ConversationReader Conversation { get; } = new(databasePath);

    /// <summary>The failures table.</summary>
    public FailureReader Failures { get; } = new(databasePath);

    /// <summary>Token usage.</summary>
    public UsageReader Usage { get; } = new(databasePath);

    /// <summary>
    /// Whether the request may see captures: always without keys; with keys, a live login cookie or the key itself
    /// as a bearer token (for scripts).
    /// </summary>
    public bool Allows(HttpContext context) =>
        !Decision.LoginRequired
        || Sessions.IsValid(context.Request.Cookies[ViewerSessions.CookieName])
        || Keys.MatchesBearer(context.Request.Headers.Authorization.ToString());
}
