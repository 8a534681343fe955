using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PromptCapture.LlmConfig;

/// <summary>One top-level entry of the file: where its text lies, and what identifies it.</summary>
/// <param name="Start">Index of the first character of the entry's line (its "- ").</param>
/// <param name="End">Index just past the entry's last line, its line break included.</param>
/// <param name="ModelId">The entry's model_id, if it has one.</param>
/// <param name="IsOurs">Whether it carries our header (<see cref="GatewayModelEntry.NoCaptureHeader"/>: llm).</param>
public sealed record ExtraModelsItem(int Start, int End, string? ModelId, bool IsOurs);

/// <summary>
/// Edits llm's extra-openai-models.yaml as text, so everything we did not write stays byte for byte: comments,
/// quoting, order, blank lines. YamlDotNet's parser only locates the top-level list entries; ours are removed by
/// cutting their lines out and added by appending lines at the end. Entries are ours when they carry the header
/// <c>X-PromptCapture-No-Capture: llm</c>, which nothing else writes.
/// </summary>
public static class ExtraModelsFile
{
    /// <summary>The file's name in llm's user directory (llm's openai plugin reads it from there).</summary>
    public const string FileName = "extra-openai-models.yaml";

    /// <summary>
    /// The file's top-level entries. A file that is empty or only comments has none; anything but a block list
    /// (or an empty "[]") is refused with <see cref="ExtraModelsFileException"/>, never rewritten.
    /// </summary>
    public static IReadOnlyList<ExtraModelsItem> Items(string text, string path) => Read(text, path).Items;

    /// <summary>The text with our entries replaced by <paramref name="entries"/> (appended after everything else).</summary>
    public static string Install(string text, string path, IReadOnlyList<GatewayModelEntry> entries)
    {
        var (items, emptyFlowList) = Read(text, path);
        var kept = Cut(text, items.Where(i => i.IsOurs));
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var block = string.Concat(entries.Select(e => e.ToYaml(newline)));
        if (emptyFlowList is { } flow && !items.Any())
            return kept[..flow.Start] + block.TrimEnd() + kept[flow.End..];
        if (kept.Length > 0 && !kept.EndsWith('\n'))
            kept += newline;
        return kept + block;
    }

    /// <summary>
    /// The text without our entries. A file left with no entry at all becomes empty (the caller deletes it) when
    /// nothing else is in it, or keeps its comments and gains "[]": llm cannot load a file that holds no list.
    /// </summary>
    public static string Uninstall(string text, string path)
    {
        var items = Read(text, path).Items;
        var kept = Cut(text, items.Where(i => i.IsOurs));
        if (items.Any(i => !i.IsOurs) || Read(kept, path).EmptyFlowList is not null)
            return kept;
        return kept.Trim().Length == 0 ? "" : kept.TrimEnd() + (text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n") + "[]" + "\n";
    }

    /// <summary>The text with the given entries' lines removed.</summary>
    private static string Cut(string text, IEnumerable<ExtraModelsItem> items)
    {
        var result = text;
        foreach (var item in items.OrderByDescending(i => i.Start))
            result = result[..item.Start] + result[item.End..];
        return result;
    }

    /// <summary>Parses the file's structure: its entries, or the span of an empty flow list "[]".</summary>
    private static (List<ExtraModelsItem> Items, (int Start, int End)? EmptyFlowList) Read(string text, string path)
    {
        var items = new List<ExtraModelsItem>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
                return (items, null);
            parser.Consume<DocumentStart>();
            if (!parser.TryConsume<SequenceStart>(out var list))
                throw new ExtraModelsFileException($"{path} does not hold a YAML list of models, so it cannot be merged into; fix it or move it aside");
            if (list.Style == SequenceStyle.Flow)
            {
                if (parser.TryConsume<SequenceEnd>(out var end))
                    return (items, ((int)list.Start.Index, text.IndexOf(']', (int)end.Start.Index) + 1));
                throw new ExtraModelsFileException($"{path} writes its list on one line ([...]); write it as one '- ' entry per model to let promptcapture add its own");
            }
            while (!parser.TryConsume<SequenceEnd>(out _))
                items.Add(ReadItem(parser, text));
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
                throw new ExtraModelsFileException($"{path} holds more than one YAML document; llm reads only files with one");
        }
        catch (YamlException ex)
        {
            throw new ExtraModelsFileException($"{path} is not valid YAML ({ex.Message}); fix it or move it aside", ex);
        }
        return (items, null);
    }

    /// <summary>Reads one list entry: its span in the text, its model_id, and whether its headers hold ours.</summary>
    private static ExtraModelsItem ReadItem(IParser parser, string text)
    {
        var first = parser.Current!;
        var lastEnd = (int)first.End.Index;
        string? modelId = null;
        var ours = false;
        string? topKey = null;
        string? headerKey = null;
        // One frame per open collection: whether it is a mapping, and whether its next scalar is a key.
        var frames = new Stack<(bool Mapping, bool ExpectKey)>();
        do
        {
            var current = parser.Current!;
            parser.MoveNext();
            switch (current)
            {
                case MappingStart or SequenceStart:
                    ValueTaken(frames);
                    frames.Push((current is MappingStart, true));
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    lastEnd = Math.Max(lastEnd, (int)current.End.Index); // a flow collection ends at its bracket
                    break;
                case AnchorAlias:
                    if (frames.Count > 0 && frames.Peek() is { Mapping: true, ExpectKey: true }) frames.Push(frames.Pop() with { ExpectKey = false });
                    else ValueTaken(frames);
                    break;
                case Scalar scalar:
                    lastEnd = Math.Max(lastEnd, (int)scalar.End.Index);
                    var isKey = frames.Count > 0 && frames.Peek() is { Mapping: true, ExpectKey: true };
                    if (frames.Count == 1 && isKey) topKey = scalar.Value;
                    else if (frames.Count == 1 && topKey == "model_id") modelId = scalar.Value;
                    else if (frames.Count == 2 && topKey == "headers" && isKey) headerKey = scalar.Value;
                    else if (frames.Count == 2 && topKey == "headers"
                             && string.Equals(headerKey, GatewayModelEntry.NoCaptureHeader, StringComparison.OrdinalIgnoreCase))
                        ours |= scalar.Value == GatewayModelEntry.NoCaptureValue;
                    if (isKey) frames.Push(frames.Pop() with { ExpectKey = false });
                    else ValueTaken(frames);
                    break;
            }
        }
        while (frames.Count > 0);
        return new ExtraModelsItem(LineStart(text, DashBefore(text, (int)first.Start.Index)), LineEnd(text, lastEnd), modelId, ours);
    }

    /// <summary>A value was read in the innermost mapping, so a key comes next.</summary>
    private static void ValueTaken(Stack<(bool Mapping, bool ExpectKey)> frames)
    {
        if (frames.Count > 0 && frames.Peek() is { Mapping: true, ExpectKey: false })
            frames.Push(frames.Pop() with { ExpectKey = true });
    }

    /// <summary>The "-" indicator that opens the entry starting at <paramref name="index"/> (or the index itself when absent).</summary>
    private static int DashBefore(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
            i--;
        return i >= 0 && text[i] == '-' ? i : index;
    }

    /// <summary>The start of the line holding <paramref name="index"/>.</summary>
    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    /// <summary>Just past the line break ending the line holding the character before <paramref name="index"/> (or the text's end).</summary>
    private static int LineEnd(string text, int index)
    {
        if (index > 0 && text[index - 1] == '\n')
            return index; // a block scalar ends after its own line break
        var newline = text.IndexOf('\n', Math.Min(index, text.Length));
        return newline < 0 ? text.Length : newline + 1;
    }
}
