using System.Text.Json;
using FluentAssertions;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Capture.Store.Writing;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>The Python habits `llm logs` prints with, and llm's condensed payloads, checked against python3 and llm's own rules.</summary>
public class LogRenderingTests
{
    /// <summary>Values of every JSON kind, for the oracles.</summary>
    private const string Samples = """
        [{}, [], {"a": [], "b": {}, "c": [1, 2.5, {"d": null}]}, "plain", "it's", "say \"hi\"", "both ' and \"",
         "tab\tnew\nline\u0007bell\u007fdel\u00a0nbsp\u2028sep", "caf\u00e9 \u2615 \ud83d\ude00", true, false, null, 1e-05, 100,
         {"k'ey": [true, null, 0.5]}]
        """;

    /// <summary>json.dumps(indent=2) is what llm logs --json prints; empty containers stay on one line.</summary>
    [Fact]
    public void Indented_json_matches_python()
    {
        var expected = PythonRunner.Run("""
            import json, sys
            print(json.dumps(json.load(open(sys.argv[1])), indent=2), end="")
            """, Samples);

        PythonJson.Indented(PythonJson.Parse(Samples)).Should().Be(expected);
    }

    /// <summary>str() is how llm prints an option's value ("- key: value"): strings bare, everything else as repr.</summary>
    [Fact]
    public void Str_of_decoded_values_matches_python()
    {
        var expected = JsonSerializer.Deserialize<string[]>(PythonRunner.Run("""
            import json, sys
            print(json.dumps([str(v) for v in json.load(open(sys.argv[1]))]))
            """, Samples))!;

        PythonJson.Parse(Samples).EnumerateArray().Select(PythonText.Str).Should().Equal(expected);
    }

    /// <summary>textwrap.indent leaves blank lines alone, and lines end wherever Python's splitlines ends them.</summary>
    [Fact]
    public void Indent_matches_textwrap()
    {
        var text = "a\n\n  \nb\r\nc\rd\u2028e\n";
        var expected = JsonSerializer.Deserialize<string>(PythonRunner.Run("""
            import json, sys, textwrap
            print(json.dumps(textwrap.indent(json.load(open(sys.argv[1])), "    ")))
            """, JsonSerializer.Serialize(text)));

        PythonText.Indent(text, "    ").Should().Be(expected);
    }

    /// <summary>
    /// A payload llm condensed (a long answer by reference, the Chat boilerplate dictionary, a merge onto it, an escaped
    /// look-alike) reads back whole, as llm resolves it.
    /// </summary>
    [Fact]
    public void Condensed_response_json_is_resolved_from_the_turns_own_messages()
    {
        using var h = new WriterHarness();
        var answer = new string('x', 70) + " the end";
        var id = h.Write(Turn([User("Tell me")], Assistant(answer))).Id;
        h.Connection.Execute(null, "UPDATE turns SET response_json = $json WHERE id = $id", ("$id", id), ("$json", """
            {"choices": [{"message": {"content": {"$": "0.0.text"}}}, {"text": {"$r": ["said: ", {"$": "0.0.text"}]}}],
             "usage": {"prompt_tokens_details": {"$": "m.prompt_tokens_details_0"},
                       "completion_tokens_details": {"$": {"m": "m.completion_tokens_details_0", "u": {"reasoning_tokens": 7}, "d": ["audio_tokens"]}}},
             "literal": {"$raw": {"$": "not a marker"}}}
            """));

        var entry = new LogReader(h.Path).ReadLatest(1).Single();

        PythonJson.Dumps(entry.ResponseJson).Should().Be(
            "{\"choices\": [{\"message\": {\"content\": \"" + answer + "\"}}, {\"text\": \"said: " + answer + "\"}], "
            + "\"usage\": {\"prompt_tokens_details\": {\"audio_tokens\": 0, \"cached_tokens\": 0}, "
            + "\"completion_tokens_details\": {\"accepted_prediction_tokens\": 0, \"reasoning_tokens\": 7, \"rejected_prediction_tokens\": 0}}, "
            + "\"literal\": {\"$\": \"not a marker\"}}");
    }

    /// <summary>A reference the turn's messages cannot produce (a short text is never offered) leaves response_json null, not an error.</summary>
    [Fact]
    public void Unresolvable_response_json_reads_as_null()
    {
        using var h = new WriterHarness();
        var id = h.Write(Turn([User("Hi")], Assistant("short"))).Id;
        h.Connection.Execute(null, "UPDATE turns SET response_json = $json WHERE id = $id", ("$id", id), ("$json", """{"content": {"$": "0.0.text"}}"""));

        new LogReader(h.Path).ReadLatest(1).Single().ResponseJson.Should().BeNull();
    }
}
