namespace PromptCapture.Capture.Store.Reading;

/// <summary>A <c>logs -q</c> query FTS5 cannot parse; the message is SQLite's, which names the problem.</summary>
/// <param name="message">SQLite's message, e.g. fts5: syntax error near "".</param>
/// <param name="inner">The SQLite error.</param>
public sealed class InvalidSearchQueryException(string message, Exception inner) : Exception(message, inner);
