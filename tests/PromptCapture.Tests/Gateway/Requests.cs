using System.Text;

namespace PromptCapture.Tests.Gateway;

/// <summary>Helpers to send raw chat requests to the gateway.</summary>
public static class Requests
{
    /// <summary>POSTs a JSON body to /v1/chat/completions.</summary>
    public static Task<HttpResponseMessage> PostChatAsync(this HttpClient http, string json) =>
        http.PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>
    /// Opens a streaming request and reads its event lines until one contains <paramref name="marker"/> (10 s at
    /// most); the caller owns the open stream, to read on or to drop as a departing client would.
    /// </summary>
    public static async Task<OpenStream> StreamUntilAsync(this HttpClient http, string body, string marker)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await reader.ReadLineAsync(deadline.Token))?.Contains(marker, StringComparison.Ordinal) != true) { }
        return new OpenStream(response, reader);
    }

    /// <summary>A minimal valid body for an alias.</summary>
    public static string Simple(string model, string text = "Hi there", bool stream = false) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{text}}"}],"stream":{{(stream ? "true" : "false")}}}""";
}
