using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Reliability;
using Xunit;

namespace PromptCapture.Tests.Protocols.Ollama;

/// <summary>Malformed bodies on the Ollama, embeddings and completions routes: never a 5xx, always the route's error shape, still serving afterwards.</summary>
public sealed class OllamaFuzzTests
{
    /// <summary>Valid bodies (route, body) the mutations start from, on the offline echo provider.</summary>
    private static readonly (string Path, string Body)[] Seeds =
    [
        ("/api/chat", """{"model":"echo:latest","stream":false,"format":"json","think":true,"options":{"temperature":0.1,"num_predict":5,"stop":["x"]},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"messages":[{"role":"system","content":"s"},{"role":"user","content":"hi","images":["iVBORw0KGgo="]},{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{"a":1}}}]},{"role":"tool","tool_name":"f","content":"r"}]}"""),
        ("/api/chat", """{"model":"echo","messages":[{"role":"user","content":"stream me"}]}"""),
        ("/api/generate", """{"model":"echo","prompt":"p","system":"s","suffix":"x","raw":true,"images":["iVBORw0KGgo="],"format":{"type":"object"},"options":{"seed":3}}"""),
        ("/api/show", """{"model":"echo:latest","verbose":true}"""),
        ("/api/embed", """{"model":"echo","input":["a","b"]}"""),
        ("/api/embeddings", """{"model":"echo","prompt":"a"}"""),
        ("/v1/embeddings", """{"model":"echo","input":["a"],"dimensions":8,"encoding_format":"base64","user":"u"}"""),
        ("/v1/completions", """{"model":"echo","prompt":["a"],"echo":true,"max_tokens":5,"stream":false}"""),
    ];

    /// <summary>Values of the wrong type.</summary>
    private static readonly string[] Values = ["null", "true", "-1", "1e308", "\"\"", "[]", "{}", "[null]", "[{}]", "[[[]]]", "{\"a\":{}}", "99999999999999999999", "\"x\""];

    /// <summary>700 generated bodies: truncated, bytes flipped, or one value somewhere swapped for a value of another type.</summary>
    [Fact]
    public async Task Malformed_bodies_never_cause_5xx()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);
        var random = new Random(20261203);
        for (var i = 0; i < 700; i++)
        {
            var (path, seed) = Seeds[random.Next(Seeds.Length)];
            var body = (i % 3) switch
            {
                0 => Encoding.UTF8.GetBytes(FuzzTests.Truncate(seed, random)),
                1 => FuzzTests.FlipBytes(Encoding.UTF8.GetBytes(seed), random),
                _ => Encoding.UTF8.GetBytes(Swap(seed, random)),
            };
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var response = await h.Http.PostAsync(path, content);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            status.Should().BeLessThan(500, $"body #{i} on {path} ({Encoding.UTF8.GetString(body)}) must not cause a server error: {text}");
            if (status >= 400)
                text.Should().StartWith(path.StartsWith("/api", StringComparison.Ordinal) ? "{\"error\":\"" : "{\"error\":{", $"body #{i} on {path} gets the route's error shape");
        }

        foreach (var (path, seed) in Seeds)
        {
            using var response = await h.Http.PostAsync(path, new StringContent(seed, Encoding.UTF8, "application/json"));
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"{path} still serves");
        }
    }

    /// <summary>Replaces one value, anywhere in the tree, by a value of another type.</summary>
    private static string Swap(string seed, Random random)
    {
        var root = JsonNode.Parse(seed)!;
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        var (parent, key) = slots[random.Next(slots.Count)];
        var value = JsonNode.Parse(Values[random.Next(Values.Length)]);
        if (parent is JsonObject o)
            o[(string)key] = value;
        else
            ((JsonArray)parent)[(int)key] = value;
        return root.ToJsonString();
    }

    /// <summary>Every (container, key or index) of the tree.</summary>
    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    slots.Add((o, name));
                    if (child is not null)
                        Collect(child, slots);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child)
                        Collect(child, slots);
                }
                break;
        }
    }
}
