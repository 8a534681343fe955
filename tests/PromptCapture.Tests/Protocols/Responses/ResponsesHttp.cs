using System.Text;
using System.Text.Json;

namespace PromptCapture.Tests.Protocols.Responses;

/// <summary>Raw HTTP helpers for /v1/responses: posting a body and reading a named-event stream as a client would.</summary>
public static class ResponsesHttp
{
    /// <summary>POSTs a JSON body to /v1/responses.</summary>
    public static Task<HttpResponseMessage> PostResponsesAsync(this HttpClient http, string json) =>
        http.PostAsync("/v1/responses", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>POSTs and parses the JSON answer (status checked by the caller through the tuple).</summary>
    public static async Task<(int Status, JsonElement Body)> ResponsesJsonAsync(this HttpClient http, string json)
    {
        using var response = await http.PostResponsesAsync(json);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The (event name, data) pairs of a whole named-event stream, checking that each data's type matches its name.</summary>
    public static List<(string Name, JsonElement Data)> Events(string body)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
            }
            if (name is null || data is null)
                throw new InvalidOperationException($"Not a named event: {block}");
            var json = JsonDocument.Parse(data).RootElement.Clone();
            if (json.GetProperty("type").GetString() != name)
                throw new InvalidOperationException($"Event {name} carries type {json.GetProperty("type")}");
            events.Add((name, json));
        }
        return events;
    }
}
