using System.Text;
using System.Text.Json;
using FluentAssertions;
using PromptCapture.Exchange;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>
/// python3 as an independent reader of what we wrote: it re-derives every hash the way llm's LogStore.verify()
/// does and re-dumps every JSON column, so a mismatch anywhere in our Python emulation shows here.
/// </summary>
public class PythonVerifyTests
{
    /// <summary>Re-derives message, tool and attachment ids and checks JSON columns are json.dumps-stable.</summary>
    internal const string Verifier = """
        import hashlib, json, sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        problems = []
        def canonical(o):
            return json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        types = dict(db.execute("select id, type from attachments"))
        for hash_, parent, role, md in db.execute("select hash, parent_hash, role, provider_metadata from messages"):
            parts = []
            for type_, text, payload in db.execute("select type, text, payload from parts where message_hash = ? order by position", [hash_]):
                d = json.loads(payload) if payload else {}
                if payload and json.dumps(d) != payload:
                    problems.append("payload not json.dumps form: " + payload)
                d["type"] = type_
                if text is not None:
                    d["text"] = text
                if "attachment" in d:
                    d["attachment"] = {"id": d["attachment"]["id"], "type": types[d["attachment"]["id"]]}
                parts.append(d)
            m = {"role": role, "parts": parts}
            if md:
                m["provider_metadata"] = json.loads(md)
            h = "b2:" + hashlib.blake2b(canonical({"parent": parent, "message": m}).encode("utf-8"), digest_size=16).hexdigest()
            if h != hash_:
                problems.append("message " + hash_ + " re-derives as " + h)
        for hash_, name, description, schema in db.execute("select hash, name, description, input_schema from tools"):
            if json.dumps(json.loads(schema)) != schema:
                problems.append("input_schema form: " + schema)
            h = hashlib.sha256(json.dumps({"name": name, "description": description, "input_schema": json.loads(schema)}).encode("utf-8")).hexdigest()
            if h != hash_:
                problems.append("tool " + name)
        for id_, url, content in db.execute("select id, url, content from attachments"):
            h = hashlib.sha256(content).hexdigest() if content else hashlib.sha256(json.dumps({"url": url}).encode("utf-8")).hexdigest()
            if h != id_:
                problems.append("attachment " + id_)
        for column in ("options_json", "token_details", "response_json"):
            for (value,) in db.execute(f"select {column} from turns where {column} is not null"):
                if json.dumps(json.loads(value)) != value:
                    problems.append(column + " form: " + value)
        for (value,) in db.execute("select response_json from prompt_capture_responses"):
            if json.dumps(json.loads(value)) != value:
                problems.append("payload form: " + value)
        list(db.execute("select * from message_tree"))
        sys.stdout.write(json.dumps(problems))
        """;

    /// <summary>Everything the writer produces, including awkward text, verifies under python3 as llm would check it.</summary>
    [Fact]
    public void Python_rederives_every_hash_and_json_column_we_wrote()
    {
        using var h = new WriterHarness();
        const string odd = "tab\tnl\n ctrl\u0001 del\u007f é ü 中文 😀 \u2028 \"quoted\" back\\slash </script> &amp;";
        h.Write(Turn([SystemPrompt(odd), User(odd)], Reasoned(odd, odd),
            options: [new("temperature", Json("0.7")), new("stop", Json($"[{JsonSerializer.Serialize(odd)}]")), new("top_p", Json("1e-05"))]) with
        {
            Answer = new ExchangeAnswer
            {
                Text = odd,
                Reasoning = odd,
                Usage = new ExchangeUsage(0, 0, 0, CachedTokens: 3, ReasoningTokens: 7),
                RawJson = () => JsonSerializer.Serialize(new { id = "x", text = odd, n = 1.5 }),
            },
        });
        var tool = new ExchangeTool("lookup", "Finds \u00e9 things", Json("""{"type":"object","properties":{"q":{"type":"string","description":"ünï"}}}"""));
        var request = new List<ExchangeMessage>
        {
            new("user", [new ExchangePart(ExchangePartKind.Text, "see"), new ExchangePart(ExchangePartKind.Attachment, MimeType: "image/png", Content: Encoding.UTF8.GetBytes("png-bytes")),
                new ExchangePart(ExchangePartKind.Attachment, MimeType: "image/jpeg", Url: "https://example.com/é.jpg")]),
        };
        h.Write(Turn(request, ToolCall("lookup", """{"q": "é", "n": 2.50, "deep": {"z": 1, "a": [1e2, -0, true, null]}}""", "call_9"), tools: [tool]));
        h.Write(Turn([.. request, ToolCall("lookup", """{"q":"é","n":2.5,"deep":{"z":1,"a":[100.0,0,true,null]}}""", "call_9"), ToolResult("call_9", odd)],
            Assistant("done"), tools: [tool]));

        var problems = JsonSerializer.Deserialize<string[]>(PythonRunner.RunOnFile(Verifier, h.Path));
        problems.Should().BeEmpty();
        h.Scalar("SELECT count(DISTINCT thread_id) FROM turns WHERE id IN (SELECT id FROM turns ORDER BY id DESC LIMIT 2)").Should().Be(1L);
    }
}
