using System.Net;
using System.Text;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Reliability;
using Xunit;

namespace PromptCapture.Tests.Protocols.Messages;

/// <summary>Malformed Messages bodies: never a 5xx, always Anthropic's error shape, and the server still serves afterwards.</summary>
public sealed class MessagesFuzzTests
{
    /// <summary>Valid Messages bodies the mutations start from (blocks of every kind the front door reads).</summary>
    private static readonly string[] Seeds =
    [
        """{"model":"echo","max_tokens":10,"messages":[{"role":"user","content":"hello"}]}""",
        """{"model":"echo","max_tokens":10,"stream":true,"system":[{"type":"text","text":"s","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text","text":"t"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}]}""",
        """{"model":"echo","max_tokens":10,"tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":{"type":"auto"},"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"thinking","thinking":"x","signature":"s"},{"type":"tool_use","id":"c","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"c","content":[{"type":"text","text":"r"}],"is_error":false}]}]}""",
    ];

    /// <summary>Fields whose values get replaced by values of the wrong type.</summary>
    private static readonly string[] Fields = ["\"model\":", "\"max_tokens\":", "\"messages\":", "\"role\":", "\"content\":", "\"system\":", "\"tools\":", "\"tool_choice\":", "\"source\":", "\"input\":", "\"type\":", "\"stream\":", "\"text\":"];

    /// <summary>Values of the wrong type.</summary>
    private static readonly string[] Values = ["null", "true", "-1", "1e308", "\"\"", "[]", "{}", "[null]", "[{}]", "[[[]]]", "{\"a\":{}}", "99999999999999999999", "\"x\""];

    /// <summary>600 generated bodies on /v1/messages and its count_tokens route.</summary>
    [Fact]
    public async Task Malformed_messages_bodies_never_cause_5xx()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);
        var random = new Random(20261202);
        for (var i = 0; i < 600; i++)
        {
            var seed = Seeds[random.Next(Seeds.Length)];
            var body = (i % 3) switch
            {
                0 => Encoding.UTF8.GetBytes(FuzzTests.Truncate(seed, random)),
                1 => FuzzTests.FlipBytes(Encoding.UTF8.GetBytes(seed), random),
                _ => Encoding.UTF8.GetBytes(Replace(seed, random)),
            };
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var response = await h.Http.PostAsync(i % 5 == 0 ? "/v1/messages/count_tokens" : "/v1/messages", content);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            status.Should().BeLessThan(500, $"body #{i} ({Encoding.UTF8.GetString(body)}) must not cause a server error: {text}");
            if (status >= 400)
                text.Should().StartWith("{\"type\":\"error\"", $"body #{i} gets an Anthropic-shaped error");
        }

        var (after, _) = await h.Http.MessagesJsonAsync(Seeds[0]);
        after.Should().Be((int)HttpStatusCode.OK);
    }

    /// <summary>Puts a value of a wrong type where one field's value starts (the rest of the old value stays, often breaking the JSON).</summary>
    private static string Replace(string seed, Random random)
    {
        var field = Fields[random.Next(Fields.Length)];
        var at = seed.IndexOf(field, StringComparison.Ordinal);
        if (at < 0)
            return seed;
        var start = at + field.Length;
        var end = start;
        var depth = 0;
        // Skip the old value: a string, a number or literal, or a balanced object/array.
        do
        {
            var c = seed[end];
            if (c is '{' or '[') depth++;
            else if (c is '}' or ']') depth--;
            else if (c == '"' && depth == 0)
            {
                end = seed.IndexOf('"', end + 1);
            }
            end++;
        }
        while (end < seed.Length && (depth > 0 || (seed[end] is not (',' or '}' or ']'))));
        return seed[..start] + Values[random.Next(Values.Length)] + seed[end..];
    }
}
