using System.Net.Http.Headers;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;

namespace PromptCapture.Tests.Viewer;

/// <summary>Small helpers for the viewer tests: captures through the gateway and reads of the viewer's JSON.</summary>
public static class ViewerRequests
{
    /// <summary>Sends one chat request (must succeed) with the given User-Agent.</summary>
    public static async Task ChatAsync(this GatewayHarness gateway, string body, string? userAgent = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (userAgent is not null)
            request.Headers.UserAgent.ParseAdd(userAgent);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await gateway.Http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A one-message request body for an alias, the text JSON-encoded (so any characters can be sent).</summary>
    public static string Body(string model, string text, string? system = null)
    {
        var messages = new List<object>();
        if (system is not null)
            messages.Add(new Dictionary<string, string> { ["role"] = "system", ["content"] = system });
        messages.Add(new Dictionary<string, string> { ["role"] = "user", ["content"] = text });
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["model"] = model, ["messages"] = messages });
    }

    /// <summary>GETs a viewer path and returns its JSON (the status must be 200).</summary>
    public static async Task<JsonElement> ViewerJsonAsync(this GatewayHarness gateway, string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The string values of one property over a JSON array.</summary>
    public static List<string?> Strings(this JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()).ToList();

    /// <summary>Posts a chat request (sending nothing else) so tests can use <see cref="Requests.Simple"/> bodies too.</summary>
    public static Task ChatSimpleAsync(this GatewayHarness gateway, string model, string text) => gateway.ChatAsync(Body(model, text));
}
