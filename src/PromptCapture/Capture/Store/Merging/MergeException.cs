namespace PromptCapture.Capture.Store.Merging;

/// <summary>A merge that cannot start or go on (missing or foreign source, incompatible collection); the message is for the user.</summary>
public sealed class MergeException(string message) : Exception(message);
