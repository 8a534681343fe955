namespace PromptCapture.LlmConfig;

/// <summary>llm's extra-openai-models.yaml is in a shape we cannot merge into without rewriting what the user wrote.</summary>
/// <param name="message">What is wrong, naming the file.</param>
/// <param name="inner">The YAML parser's error, if that is the cause.</param>
public sealed class ExtraModelsFileException(string message, Exception? inner = null) : Exception(message, inner);
