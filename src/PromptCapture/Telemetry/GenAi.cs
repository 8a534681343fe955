namespace PromptCapture.Telemetry;

/// <summary>Attribute names of the OpenTelemetry GenAI semantic conventions and ours, spelled once.</summary>
public static class GenAi
{
    /// <summary>gen_ai.operation.name (always "chat" here).</summary>
    public const string OperationName = "gen_ai.operation.name";
    /// <summary>gen_ai.provider.name: the provider's name from providers.json.</summary>
    public const string ProviderName = "gen_ai.provider.name";
    /// <summary>gen_ai.request.model.</summary>
    public const string RequestModel = "gen_ai.request.model";
    /// <summary>gen_ai.response.model.</summary>
    public const string ResponseModel = "gen_ai.response.model";
    /// <summary>gen_ai.response.id.</summary>
    public const string ResponseId = "gen_ai.response.id";
    /// <summary>gen_ai.response.finish_reasons (string array).</summary>
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    /// <summary>gen_ai.usage.input_tokens.</summary>
    public const string InputTokens = "gen_ai.usage.input_tokens";
    /// <summary>gen_ai.usage.output_tokens.</summary>
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    /// <summary>gen_ai.token.type on the token histogram.</summary>
    public const string TokenType = "gen_ai.token.type";
    /// <summary>gen_ai.conversation.id (a client's session id).</summary>
    public const string ConversationId = "gen_ai.conversation.id";
    /// <summary>gen_ai.output.type ("json" with a schema, else "text").</summary>
    public const string OutputType = "gen_ai.output.type";
    /// <summary>gen_ai.input.messages (opt-in content).</summary>
    public const string InputMessages = "gen_ai.input.messages";
    /// <summary>gen_ai.output.messages (opt-in content).</summary>
    public const string OutputMessages = "gen_ai.output.messages";
    /// <summary>gen_ai.system_instructions (opt-in content).</summary>
    public const string SystemInstructions = "gen_ai.system_instructions";
    /// <summary>server.address of the upstream.</summary>
    public const string ServerAddress = "server.address";
    /// <summary>server.port of the upstream.</summary>
    public const string ServerPort = "server.port";
    /// <summary>error.type: the OpenAI error type of the failure.</summary>
    public const string ErrorType = "error.type";
    /// <summary>http.response.status_code.</summary>
    public const string HttpStatus = "http.response.status_code";
    /// <summary>http.request.resend_count on upstream tries after the first.</summary>
    public const string ResendCount = "http.request.resend_count";
    /// <summary>The wire protocol the client spoke (chat, responses, messages, ollama).</summary>
    public const string FrontDoor = "promptcapture.front_door";
    /// <summary>The alias that served (after fallbacks).</summary>
    public const string ServedAlias = "promptcapture.served_alias";
    /// <summary>The capture's turn id (or failure id) in the llm database.</summary>
    public const string TurnId = "promptcapture.turn_id";
    /// <summary>Which candidate an attempt was (0 = the alias asked for, 1+ = fallbacks).</summary>
    public const string FallbackIndex = "promptcapture.fallback.index";
    /// <summary>Whether the client asked for a stream.</summary>
    public const string Stream = "promptcapture.stream";
    /// <summary>The operation every span of ours is.</summary>
    public const string Chat = "chat";

    /// <summary>Request options that map to gen_ai.request.* attributes: wire name to attribute name.</summary>
    public static readonly IReadOnlyDictionary<string, string> RequestOptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["temperature"] = "gen_ai.request.temperature",
        ["top_p"] = "gen_ai.request.top_p",
        ["top_k"] = "gen_ai.request.top_k",
        ["max_tokens"] = "gen_ai.request.max_tokens",
        ["max_completion_tokens"] = "gen_ai.request.max_tokens",
        ["max_output_tokens"] = "gen_ai.request.max_tokens",
        ["frequency_penalty"] = "gen_ai.request.frequency_penalty",
        ["presence_penalty"] = "gen_ai.request.presence_penalty",
        ["seed"] = "gen_ai.request.seed",
        ["stop"] = "gen_ai.request.stop_sequences",
        ["stop_sequences"] = "gen_ai.request.stop_sequences",
        ["n"] = "gen_ai.request.choice.count",
    };
}
