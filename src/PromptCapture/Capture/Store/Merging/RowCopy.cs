using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Merging;

/// <summary>
/// Row copying between a source and the target over the columns both have (a source from an older llm or gateway
/// lacks later columns; the target gets NULL there, as a migration would have left it).
/// </summary>
internal sealed class RowCopy(MergeDatabase source, MergeDatabase target)
{
    /// <summary>Shared columns per table (minus excluded ones), in the target's order.</summary>
    private readonly Dictionary<string, IReadOnlyList<string>> _shared = new(StringComparer.Ordinal);

    /// <summary>The columns both files have for a table, without the excluded ones (a rowid the target assigns anew).</summary>
    public IReadOnlyList<string> Shared(string table, params string[] exclude)
    {
        var key = table + "\n" + string.Join(",", exclude);
        if (_shared.TryGetValue(key, out var known))
            return known;
        var sourceColumns = source.Columns(table);
        var columns = target.Columns(table)
            .Where(c => sourceColumns.Contains(c, StringComparer.OrdinalIgnoreCase) && !exclude.Contains(c, StringComparer.Ordinal))
            .ToList();
        _shared[key] = columns;
        return columns;
    }

    /// <summary>Source rows of a table over the shared columns, optionally filtered by a WHERE clause.</summary>
    public IEnumerable<object?[]> Read(string table, IReadOnlyList<string> columns, string? where = null,
        params (string Name, object? Value)[] parameters)
    {
        if (!source.Has(table) || columns.Count == 0)
            return [];
        var sql = $"SELECT {List(columns)} FROM \"{table}\"" + (where is null ? "" : " WHERE " + where);
        return source.Rows(sql, parameters);
    }

    /// <summary>Inserts one row (INSERT OR IGNORE unless told otherwise); returns whether a row was written.</summary>
    public bool Insert(SqliteTransaction tx, string table, IReadOnlyList<string> columns, object?[] values, string verb = "INSERT OR IGNORE")
    {
        var names = new string[columns.Count];
        var parameters = new (string, object?)[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            names[i] = "$p" + i;
            parameters[i] = (names[i], values[i]);
        }
        var sql = $"{verb} INTO \"{table}\" ({List(columns)}) VALUES ({string.Join(", ", names)})";
        return target.Connection.Execute(tx, sql, parameters) > 0;
    }

    /// <summary>Copies every source row of a table the target lacks (by its key); returns how many were new.</summary>
    public long CopyAll(MergeBatches batches, string table, string? where = null, params (string Name, object? Value)[] parameters)
    {
        var columns = Shared(table);
        long added = 0;
        foreach (var row in Read(table, columns, where, parameters))
        {
            if (Insert(batches.Tx, table, columns, row))
                added++;
            batches.Step();
        }
        return added;
    }

    /// <summary>Copies the rows of a child table that belong to one parent, with some columns mapped (ids the target gave anew).</summary>
    public void CopyChildren(SqliteTransaction tx, string table, string where, (string Name, object? Value) key,
        IReadOnlyDictionary<string, Func<object?, object?>> map, string[]? exclude = null)
    {
        var columns = Shared(table, exclude ?? []);
        foreach (var row in Read(table, columns, where, key).ToList())
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (map.TryGetValue(columns[i], out var mapped))
                    row[i] = mapped(row[i]);
            }
            Insert(tx, table, columns, row);
        }
    }

    /// <summary>Copies every row of a table (INSERT OR IGNORE), with some columns mapped to the target's ids.</summary>
    public void CopyChildrenAll(MergeBatches batches, string table, Dictionary<string, Func<object?, object?>> map)
    {
        var columns = Shared(table);
        foreach (var row in Read(table, columns))
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (map.TryGetValue(columns[i], out var mapped))
                    row[i] = mapped(row[i]);
            }
            Insert(batches.Tx, table, columns, row);
            batches.Step();
        }
    }

    /// <summary>A quoted column list.</summary>
    public static string List(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));

    /// <summary>The value of a column in a row read over <paramref name="columns"/>.</summary>
    public static object? Value(IReadOnlyList<string> columns, object?[] row, string column)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], column, StringComparison.OrdinalIgnoreCase))
                return row[i];
        }
        return null;
    }
}
