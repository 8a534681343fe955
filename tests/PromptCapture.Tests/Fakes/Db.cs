using Microsoft.Data.Sqlite;

namespace PromptCapture.Tests.Fakes;

/// <summary>Reads a capture database the way a user's tool would: plain SQL, no pooling, never creating the file.</summary>
public static class Db
{
    /// <summary>All rows of a query as column -> value maps.</summary>
    public static List<Dictionary<string, object?>> Rows(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The single value of a scalar query.</summary>
    public static object? Scalar(string path, string sql) => Rows(path, sql).FirstOrDefault()?.Values.FirstOrDefault();
}
