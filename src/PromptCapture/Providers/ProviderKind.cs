namespace PromptCapture.Providers;

/// <summary>The provider types providers.json accepts, with their wire spelling.</summary>
public static class ProviderKind
{
    /// <summary>Any OpenAI-compatible endpoint (DeepSeek, OpenAI, Ollama, vLLM...), through the gateway's own Chat Completions service (OpenAIWire).</summary>
    public const string OpenAI = "openai";
    /// <summary>Azure OpenAI through SK's Azure connector.</summary>
    public const string AzureOpenAI = "azure-openai";
    /// <summary>Anthropic's Messages API through the official Anthropic SDK (endpoint optional).</summary>
    public const string Anthropic = "anthropic";
    /// <summary>The built-in offline provider that echoes the last user message.</summary>
    public const string Echo = "echo";

    /// <summary>All accepted values, for error messages.</summary>
    public static readonly string[] All = [OpenAI, AzureOpenAI, Anthropic, Echo];
}
