using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Tests.Capture;

/// <summary>Snapshots of a database's schema and rows, for before/after and ours-versus-llm's comparisons.</summary>
public static partial class SchemaDump
{
    /// <summary>sqlite_master rows of llm's objects (ours excluded) as "type|name|tbl_name|sql", sorted.</summary>
    public static List<string> Master(SqliteConnection connection, bool normalize = false) =>
        connection.Query(null, "SELECT type, name, tbl_name, sql FROM sqlite_master")
            .Where(r => !((string)r[1]!).StartsWith(CaptureTables.Prefix, StringComparison.Ordinal)
                        && !((string)r[2]!).StartsWith(CaptureTables.Prefix, StringComparison.Ordinal))
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}|{(normalize ? Normalize(r[3] as string) : r[3])}")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Removes what is cosmetic in stored SQL: comments, IF NOT EXISTS, whitespace runs.</summary>
    public static string Normalize(string? sql)
    {
        if (sql is null) return "";
        var text = CommentPattern().Replace(sql, " ");
        text = text.Replace("IF NOT EXISTS ", "", StringComparison.OrdinalIgnoreCase);
        return WhitespacePattern().Replace(text, " ").Trim();
    }

    /// <summary>Names of the real (non-virtual) tables of llm, ours excluded.</summary>
    public static List<string> Tables(SqliteConnection connection) =>
        connection.Query(null, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
            .Select(r => (string)r[0]!)
            .Where(n => !n.StartsWith(CaptureTables.Prefix, StringComparison.Ordinal))
            .ToList();

    /// <summary>pragma table_info as "cid|name|type|notnull|dflt|pk" lines.</summary>
    public static List<string> Columns(SqliteConnection connection, string table) =>
        connection.Query(null, $"PRAGMA table_info(\"{table}\")").Select(r => string.Join('|', r)).ToList();

    /// <summary>pragma index_list as "name|unique|origin|partial" lines, sorted.</summary>
    public static List<string> Indexes(SqliteConnection connection, string table) =>
        connection.Query(null, $"PRAGMA index_list(\"{table}\")")
            .Where(r => !((string)r[1]!).StartsWith(CaptureTables.Prefix, StringComparison.Ordinal)) // our own index on llm's threads
            .Select(r => string.Join('|', r.Skip(1))).Order().ToList();

    /// <summary>Every row of every real table (ours included), rendered and sorted, keyed by table.</summary>
    public static Dictionary<string, List<string>> AllRows(SqliteConnection connection)
    {
        var tables = connection.Query(null, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
            .Select(r => (string)r[0]!);
        return tables.ToDictionary(t => t, t => connection.Query(null, $"SELECT * FROM \"{t}\"")
            .Select(r => string.Join('|', r.Select(Render)))
            .Order(StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>A value as text; blobs as hex so byte changes show.</summary>
    private static string Render(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => "x" + Convert.ToHexString(bytes),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>SQL block comments.</summary>
    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CommentPattern();

    /// <summary>Runs of whitespace.</summary>
    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
