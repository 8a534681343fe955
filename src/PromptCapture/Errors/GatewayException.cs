namespace PromptCapture.Errors;

/// <summary>
/// A failure the gateway answers with an OpenAI-shaped error. Each subclass is one failure class; the status and
/// error type it maps to are decided in one place, <see cref="ErrorClassification"/>.
/// </summary>
public abstract class GatewayException(string message, string? param = null, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The request field at fault, or null.</summary>
    public string? Param { get; } = param;

    /// <summary>A machine-readable code, or null.</summary>
    public string? Code { get; } = code;
}

/// <summary>The request is malformed or asks for something unsupported (400).</summary>
public sealed class InvalidRequestException(string message, string? param = null, string? code = null)
    : GatewayException(message, param, code);

/// <summary>The request body is encoded in a way the gateway cannot decode (415).</summary>
public sealed class UnsupportedEncodingException(string message) : GatewayException(message, null, "unsupported_content_encoding");

/// <summary>The request body is larger than the configured limit (413).</summary>
public sealed class RequestTooLargeException(string message) : GatewayException(message, null, "request_too_large");

/// <summary>The alias names no route (404 model_not_found).</summary>
public sealed class ModelNotFoundException(string alias)
    : GatewayException($"The model '{alias}' does not exist: it is not an alias in providers.json. GET /v1/models lists the aliases.", "model", "model_not_found");

/// <summary>Something the request refers to by id does not exist (404).</summary>
public sealed class ResourceNotFoundException(string message, string? param = null, string? code = null)
    : GatewayException(message, param, code);

/// <summary>The provider's key variable is empty; names the variable, never a value (401).</summary>
public sealed class MissingApiKeyException(string provider, string variable)
    : GatewayException($"The provider '{provider}' needs an API key: set {variable} in the environment or in the .env file, then restart the gateway.", null, "missing_api_key");

/// <summary>The upstream answered with an error status; its status and message are passed on.</summary>
public sealed class UpstreamErrorException(int status, string message, string? type, string? param, string? code, Exception? inner = null)
    : GatewayException(message, param, code, inner)
{
    /// <summary>The upstream's HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The upstream's error type, when it sent one.</summary>
    public string? Type { get; } = type;
}

/// <summary>The upstream could not be reached, reset the connection or sent something unreadable (502).</summary>
public sealed class UpstreamUnavailableException(string message, Exception? inner = null)
    : GatewayException(message, null, "upstream_unavailable", inner);

/// <summary>The upstream did not answer in time (504).</summary>
public sealed class UpstreamTimeoutException(string message, Exception? inner = null)
    : GatewayException(message, null, "upstream_timeout", inner);
