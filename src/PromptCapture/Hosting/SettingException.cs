namespace PromptCapture.Hosting;

/// <summary>A setting that cannot be used (a port that is not a number, an env file that is not there); serve stops with its message.</summary>
/// <param name="message">What is wrong, naming the flag or variable and where its value came from.</param>
internal sealed class SettingException(string message) : Exception(message);
