namespace PromptCapture.Exchange;

/// <summary>A tool call the model made, whole: id, function name and the argument string exactly as the model wrote it.</summary>
/// <param name="Id">The call id the tool result will refer to.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The argument string, unchanged.</param>
public sealed record ExchangeToolCall(string? Id, string? Name, string Arguments);

/// <summary>One streamed fragment of a tool call: the index always, id and name on the first fragment, then argument pieces.</summary>
/// <param name="Index">Which call of the answer this fragment belongs to.</param>
/// <param name="Id">The call id, on the first fragment.</param>
/// <param name="Name">The function name, on the first fragment.</param>
/// <param name="ArgumentsDelta">The next piece of the argument string, or null.</param>
public sealed record ExchangeToolCallDelta(int Index, string? Id, string? Name, string? ArgumentsDelta);
