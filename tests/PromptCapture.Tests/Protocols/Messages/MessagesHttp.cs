using System.Text;
using System.Text.Json;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>Raw HTTP helpers for /v1/messages: posting a body as an Anthropic client would and reading the answer or the stream.</summary>
public static class MessagesHttp
{
    /// <summary>POSTs a JSON body to <paramref name="path"/> with the anthropic-version header (and optional extra headers).</summary>
    public static Task<HttpResponseMessage> PostMessagesAsync(this HttpClient http, string json, string path = "/v1/messages", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return http.SendAsync(request);
    }

    /// <summary>POSTs and parses the JSON answer.</summary>
    public static async Task<(int Status, JsonElement Body)> MessagesJsonAsync(this HttpClient http, string json, string path = "/v1/messages", params (string Name, string Value)[] headers)
    {
        using var response = await http.PostMessagesAsync(json, path, headers);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Asserts-by-shape helper: the error type and message of an Anthropic error body.</summary>
    public static (string Type, string Message) Error(JsonElement body)
    {
        if (body.GetProperty("type").GetString() != "error")
            throw new InvalidOperationException($"Not an Anthropic error: {body}");
        var error = body.GetProperty("error");
        return (error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!);
    }
}
