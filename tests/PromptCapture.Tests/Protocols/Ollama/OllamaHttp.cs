using System.Text;
using System.Text.Json;

namespace PromptCapture.Tests.Protocols.Ollama;

/// <summary>Raw HTTP helpers for the Ollama routes: posting a body and reading one JSON object or the NDJSON lines.</summary>
public static class OllamaHttp
{
    /// <summary>POSTs a JSON body and returns the status, content type and every non-empty line parsed.</summary>
    public static async Task<(int Status, string? ContentType, List<JsonElement> Lines)> PostOllamaAsync(this HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, lines);
    }

    /// <summary>GETs a route and parses its JSON answer.</summary>
    public static async Task<(int Status, JsonElement Body)> GetOllamaAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
