using System.Text;

namespace PromptCapture.Tests.Gateway;

/// <summary>Helpers to send raw chat requests to the gateway.</summary>
public static class Requests
{
    /// <summary>POSTs a JSON body to /v1/chat/completions.</summary>
    public static Task<HttpResponseMessage> PostChatAsync(this HttpClient http, string json) =>
        http.PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>A minimal valid body for an alias.</summary>
    public static string Simple(string model, string text = "Hi there", bool stream = false) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{text}}"}],"stream":{{(stream ? "true" : "false")}}}""";
}
