using System.Net;
using System.Text;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>Thousands of malformed or hostile bodies: never a 5xx, never a crash, and the server still serves afterwards.</summary>
public sealed class FuzzTests
{
    /// <summary>Valid bodies the mutations start from.</summary>
    private static readonly string[] Seeds =
    [
        """{"model":"echo","messages":[{"role":"user","content":"hello"}]}""",
        """{"model":"echo","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"t"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}""",
        """{"model":"echo","temperature":0.5,"stop":["x"],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"r"}]}""",
    ];

    /// <summary>1,200 generated bodies (mutated JSON, wrong types, deep nesting, huge numbers, invalid UTF-8, random bytes).</summary>
    [Fact]
    public async Task Malformed_bodies_never_cause_5xx()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);
        var random = new Random(20261125);
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < 1200; i++)
        {
            var body = Generate(random, i);
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var response = await h.Http.PostAsync("/v1/chat/completions", content);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            status.Should().BeLessThan(500, $"body #{i} ({Preview(body)}) must not cause a server error");
            if (status >= 400)
                (await response.Content.ReadAsStringAsync()).Should().Contain("\"error\"", $"body #{i} gets an OpenAI-shaped error");
            else
                await response.Content.ReadAsByteArrayAsync();
        }

        statuses.Keys.Should().Contain(400);
        (await h.Http.PostChatAsync(Requests.Simple("echo", "still alive"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>One hostile body; the kind rotates with <paramref name="i"/>.</summary>
    private static byte[] Generate(Random random, int i)
    {
        var seed = Seeds[random.Next(Seeds.Length)];
        return (i % 8) switch
        {
            0 => Encoding.UTF8.GetBytes(Truncate(seed, random)),
            1 => FlipBytes(Encoding.UTF8.GetBytes(seed), random),
            2 => Encoding.UTF8.GetBytes(ReplaceValue(seed, random)),
            3 => Encoding.UTF8.GetBytes(new string('[', random.Next(65, 5000)) + new string(']', random.Next(0, 10))),
            4 => Encoding.UTF8.GetBytes(seed.Replace("0.5", "1e999").Replace("\"hello\"", "123456789012345678901234567890")),
            5 => [.. Encoding.UTF8.GetBytes("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}]}")],
            6 => RandomBytes(random),
            _ => Encoding.UTF8.GetBytes(Nest(random)),
        };
    }

    /// <summary>Cuts the text at a random point.</summary>
    internal static string Truncate(string text, Random random) => text[..random.Next(text.Length)];

    /// <summary>Overwrites a few bytes with random ones.</summary>
    internal static byte[] FlipBytes(byte[] bytes, Random random)
    {
        for (var k = 0; k < 1 + random.Next(4); k++)
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return bytes;
    }

    /// <summary>Puts a value of a wrong type where a known field's value is.</summary>
    private static string ReplaceValue(string seed, Random random)
    {
        string[] fields = ["\"model\":", "\"messages\":", "\"role\":", "\"content\":", "\"temperature\":", "\"stop\":", "\"tools\":", "\"stream\":", "\"tool_calls\":", "\"image_url\":", "\"type\":"];
        string[] values = ["null", "true", "-1", "1e308", "\"\"", "[]", "{}", "[null]", "[{}]", "\"\\u0000\"", "[[[]]]", "{\"a\":{}}", "99999999999999999999"];
        var field = fields[random.Next(fields.Length)];
        var at = seed.IndexOf(field, StringComparison.Ordinal);
        if (at < 0)
            return seed;
        var start = at + field.Length;
        var end = ValueEnd(seed, start);
        return seed[..start] + values[random.Next(values.Length)] + seed[end..];
    }

    /// <summary>Where the JSON value starting at <paramref name="start"/> ends (balanced brackets, strings skipped).</summary>
    private static int ValueEnd(string s, int start)
    {
        var depth = 0;
        var inString = false;
        for (var k = start; k < s.Length; k++)
        {
            var c = s[k];
            if (inString) { if (c == '\\') k++; else if (c == '"') { inString = false; if (depth == 0) return k + 1; } continue; }
            if (c == '"') inString = true;
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}') { if (depth == 0) return k; depth--; if (depth == 0) return k + 1; }
            else if (c == ',' && depth == 0) return k;
        }
        return s.Length;
    }

    /// <summary>Random bytes of random length.</summary>
    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 400)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Deeply nested objects inside a message's content.</summary>
    private static string Nest(Random random)
    {
        var depth = random.Next(30, 300);
        return "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}]}";
    }

    /// <summary>The first bytes of a body, for failure messages.</summary>
    private static string Preview(byte[] body) => Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 120));
}
