namespace PromptCapture.Tests.Cli;

/// <summary>A systemd unit file read the way systemd reads it: [Section] headers, Key=value lines, # comments.</summary>
public sealed class UnitFile
{
    private readonly Dictionary<string, List<(string Key, string Value)>> _sections = new(StringComparer.Ordinal);

    /// <summary>Parses the text; a line that is neither a section, a comment nor Key=value fails the parse.</summary>
    public static UnitFile Parse(string text)
    {
        var unit = new UnitFile();
        List<(string, string)>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
                continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = [];
                unit._sections.Add(line[1..^1], current);
                continue;
            }
            var equals = line.IndexOf('=');
            if (current is null || equals <= 0)
                throw new FormatException($"not a unit file line: {line}");
            current.Add((line[..equals], line[(equals + 1)..]));
        }
        return unit;
    }

    /// <summary>The section names, in order.</summary>
    public IReadOnlyCollection<string> Sections => _sections.Keys;

    /// <summary>The values of a key in a section (empty when absent).</summary>
    public IReadOnlyList<string> Values(string section, string key) =>
        _sections.TryGetValue(section, out var entries) ? entries.Where(e => e.Key == key).Select(e => e.Value).ToList() : [];

    /// <summary>The single value of a key, or null.</summary>
    public string? Value(string section, string key) => Values(section, key).SingleOrDefault();
}
