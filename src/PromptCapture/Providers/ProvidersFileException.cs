namespace PromptCapture.Providers;

/// <summary>providers.json is unusable; the message names the file, the provider and the field.</summary>
public sealed class ProvidersFileException(string message) : Exception(message);
