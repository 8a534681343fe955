using System.Text;

namespace PromptCapture.Bench.Report;

/// <summary>A markdown table built row by row; the header fixes the column count.</summary>
/// <param name="header">Column titles.</param>
internal sealed class MarkdownTable(params string[] header)
{
    /// <summary>Rows added so far.</summary>
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row; missing cells are left empty.</summary>
    public MarkdownTable Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    /// <summary>Appends the table (and a blank line) to <paramref name="text"/>.</summary>
    public void WriteTo(StringBuilder text)
    {
        text.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        text.Append('|').AppendJoin('|', header.Select((_, i) => i == 0 ? " --- " : " ---: ")).AppendLine("|");
        foreach (var row in _rows)
            text.Append("| ").AppendJoin(" | ", Enumerable.Range(0, header.Length).Select(i => i < row.Length ? row[i] : "")).AppendLine(" |");
        text.AppendLine();
    }
}
