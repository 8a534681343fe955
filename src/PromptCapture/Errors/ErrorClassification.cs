namespace PromptCapture.Errors;

/// <summary>The one place that decides which status and OpenAI error type each failure class gets.</summary>
public static class ErrorClassification
{
    /// <summary>Status recorded for an exchange the client abandoned (nginx's convention; never sent).</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>The HTTP status, OpenAI error type and code for an exception.</summary>
    public static (int Status, string Type, string? Code) Classify(Exception exception) => exception switch
    {
        InvalidRequestException e => (400, "invalid_request_error", e.Code),
        RequestTooLargeException e => (413, "invalid_request_error", e.Code),
        UnsupportedEncodingException e => (415, "invalid_request_error", e.Code),
        ModelNotFoundException e => (404, "invalid_request_error", e.Code),
        ResourceNotFoundException e => (404, "invalid_request_error", e.Code),
        MissingApiKeyException e => (401, "authentication_error", e.Code),
        UpstreamErrorException e => (e.Status, e.Type ?? TypeForStatus(e.Status), e.Code),
        UpstreamUnavailableException e => (502, "api_error", e.Code),
        UpstreamTimeoutException e => (504, "timeout_error", e.Code),
        OperationCanceledException => (ClientClosedRequest, "cancelled", "client_cancelled"),
        _ => (500, "api_error", "internal_error"),
    };

    /// <summary>OpenAI's error type for an upstream status that came with none.</summary>
    private static string TypeForStatus(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        _ => "invalid_request_error",
    };
}
