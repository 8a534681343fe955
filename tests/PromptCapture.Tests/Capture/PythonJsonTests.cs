using System.Text.Json;
using System.Text;
using FluentAssertions;
using PromptCapture.Capture.Store.PythonCompat;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>Our json.dumps against known Python output, then against python3 itself over random data.</summary>
public class PythonJsonTests
{
    /// <summary>Floats are written as python repr.</summary>
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(123.456, "123.456")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void Floats_are_written_as_python_repr(double value, string expected) =>
        PythonFloat.Repr(value).Should().Be(expected);

    /// <summary>Canonical sorts keys compacts and keeps non ascii.</summary>
    [Fact]
    public void Canonical_sorts_keys_compacts_and_keeps_non_ascii()
    {
        var value = new PyDict { ["b"] = 1, ["a"] = "é/<>&'\u0001\n\"\\😀" };
        PythonJson.Canonical(value).Should().Be("{\"a\":\"é/<>&'\\u0001\\n\\\"\\\\😀\",\"b\":1}");
    }

    /// <summary>Default dumps keeps order spaces and escapes non ascii lowercase.</summary>
    [Fact]
    public void Default_dumps_keeps_order_spaces_and_escapes_non_ascii_lowercase()
    {
        var value = new PyDict { ["b"] = JsonDocument.Parse("[1, 2.0, 1e2]").RootElement, ["a"] = "é😀\u007f" };
        PythonJson.Dumps(value).Should().Be("{\"b\": [1, 2.0, 100.0], \"a\": \"\\u00e9\\ud83d\\ude00\\u007f\"}");
    }

    /// <summary>Duplicate json keys keep first position and last value like json loads.</summary>
    [Fact]
    public void Duplicate_json_keys_keep_first_position_and_last_value_like_json_loads()
    {
        PythonJson.Dumps(PythonJson.Parse("""{"a": 1, "b": 2, "a": 3}""")).Should().Be("""{"a": 3, "b": 2}""");
    }

    /// <summary>
    /// Parsed JSON written from its raw text where that is already Python's (plain ASCII strings and names, integer
    /// literals) and decoded otherwise: escapes in names and values, "\/", DEL, "-0", integers past a long, floats.
    /// </summary>
    [Theory]
    [InlineData("""{"plain": "text", "n": -0, "big": 123456789012345678901234567890}""", """{"plain": "text", "n": 0, "big": 123456789012345678901234567890}""")]
    [InlineData("""{"\u0041b": "a\/b", "c\"d": "\u00e9\u007f", "e": [1.50, 2E3, -7]}""", """{"Ab": "a/b", "c\"d": "\u00e9\u007f", "e": [1.5, 2000.0, -7]}""")]
    [InlineData("""{"a": 1, "\u0061": 2, "b": {"x": "y", "x": "z"}}""", """{"a": 2, "b": {"x": "z"}}""")]
    public void Parsed_json_is_written_as_python_writes_it(string json, string python)
    {
        PythonJson.Dumps(PythonJson.Parse(json)).Should().Be(python);
    }

    /// <summary>Keys sort by code point not utf16.</summary>
    [Fact]
    public void Keys_sort_by_code_point_not_utf16()
    {
        // U+FF21 sorts before U+1F600 by code point, after it by UTF-16 unit.
        PythonJson.Canonical(new PyDict { ["😀"] = 1, ["\uff21"] = 2 }).Should().Be("{\"\uff21\":2,\"😀\":1}");
    }

    /// <summary>Random values of every kind llm hashes: nested dicts, lists, strings of all sorts, ints, floats.</summary>
    private static object? RandomValue(Random random, int depth)
    {
        switch (random.Next(depth > 2 ? 5 : 7))
        {
            case 0: return RandomString(random);
            case 1: return random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64);
            case 2: return RandomDouble(random);
            case 3: return random.Next(3) switch { 0 => true, 1 => false, _ => null };
            case 4: return RandomString(random);
            case 5:
                var dict = new PyDict();
                for (var i = random.Next(5); i > 0; i--) dict[RandomString(random)] = RandomValue(random, depth + 1);
                return dict;
            default:
                return Enumerable.Range(0, random.Next(5)).Select(_ => RandomValue(random, depth + 1)).ToList();
        }
    }

    /// <summary>Doubles across the whole range, including the exponent boundaries of repr.</summary>
    private static double RandomDouble(Random random) => random.Next(4) switch
    {
        0 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 0.5,
        1 => Math.Round(random.NextDouble() * 1000, random.Next(6)),
        2 => Math.Pow(10, random.Next(-8, 20)) * (random.Next(2) == 0 ? 1 : -1),
        _ => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
    };

    /// <summary>Valid Unicode strings: ASCII, C0 controls, DEL, Latin, CJK, private use, emoji and other astral.</summary>
    private static string RandomString(Random random)
    {
        var sb = new StringBuilder();
        for (var i = random.Next(12); i > 0; i--)
        {
            var codePoint = random.Next(8) switch
            {
                0 => random.Next(0, 0x20),
                1 => random.Next(0x20, 0x80),
                2 => random.Next(0x80, 0x800),
                3 => random.Next(0x800, 0xD800),
                4 => random.Next(0xE000, 0x10000),
                5 => random.Next(0x1F300, 0x1FAFF),
                6 => random.Next(0x10000, 0x110000),
                _ => "\"\\/\b\f\n\r\t\u007f\u2028\u2029"[random.Next(11)],
            };
            sb.Append(char.ConvertFromUtf32(codePoint));
        }
        return sb.ToString();
    }

    /// <summary>python3 reads each value and prints its canonical and default dumps, one JSON-encoded pair a line.</summary>
    private const string Oracle = """
        import json, sys
        values = json.load(open(sys.argv[1], encoding="utf-8"))
        out = []
        for v in values:
            out.append([json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False), json.dumps(v)])
        sys.stdout.write(json.dumps(out))
        """;

    /// <summary>Dumps match python3 over random values.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Dumps_match_python3_over_random_values(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 300).Select(_ => RandomValue(random, 0)).ToList();
        // Hand python the values through our own canonical encoder's input: System.Text.Json escapes everything
        // unusual, so the transport cannot distort the strings.
        var input = new StringBuilder("[");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) input.Append(',');
            input.Append(ToTransportJson(values[i]));
        }
        input.Append(']');

        var expected = JsonSerializer.Deserialize<string[][]>(PythonRunner.Run(Oracle, input.ToString()))!;
        expected.Should().HaveCount(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var parsed = PythonJson.Parse(ToTransportJson(values[i]));
            PythonJson.Canonical(parsed).Should().Be(expected[i][0], $"canonical of value {i}");
            PythonJson.Dumps(parsed).Should().Be(expected[i][1], $"default dumps of value {i}");
            PythonJson.Canonical(values[i]).Should().Be(expected[i][0], $"canonical of .NET value {i}");
        }
    }

    /// <summary>Plain JSON for the transport: ASCII-escaped strings, doubles in round-trip form.</summary>
    private static string ToTransportJson(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) is var r && r.IndexOfAny(['.', 'E']) < 0 ? r + ".0" : r,
        PyDict dict => "{" + string.Join(",", dict.Select(kv => JsonSerializer.Serialize(kv.Key) + ":" + ToTransportJson(kv.Value))) + "}",
        List<object?> list => "[" + string.Join(",", list.Select(ToTransportJson)) + "]",
        _ => throw new NotSupportedException(),
    };
}
