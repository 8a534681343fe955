using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>Tokens of one model on one UTC day.</summary>
/// <param name="Day">yyyy-mm-dd, UTC.</param>
/// <param name="Model">The alias (turns.model).</param>
/// <param name="Turns">Turns that day.</param>
/// <param name="InputTokens">Prompt tokens that day.</param>
/// <param name="OutputTokens">Completion tokens that day.</param>
public sealed record DailyUsage(string Day, string Model, long Turns, long InputTokens, long OutputTokens);

/// <summary>Totals of one alias over the period.</summary>
/// <param name="Model">The alias.</param>
/// <param name="Turns">Turns.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="DurationMs">Wall time.</param>
public sealed record AliasUsage(string Model, long Turns, long InputTokens, long OutputTokens, long DurationMs);

/// <summary>Usage over a period: per day and model for the chart, per alias for the totals.</summary>
/// <param name="SinceUtc">Start of the period (null: everything).</param>
/// <param name="Days">One row per day and model, oldest first.</param>
/// <param name="Totals">One row per alias, most tokens first.</param>
public sealed record UsageReport(string? SinceUtc, IReadOnlyList<DailyUsage> Days, IReadOnlyList<AliasUsage> Totals);

/// <summary>Sums tokens of turns (ours and llm's own) for the viewer's usage view.</summary>
/// <param name="databasePath">The logs.db to read; opened read-only, never created.</param>
public sealed class UsageReader(string databasePath)
{
    /// <summary>
    /// Usage since <paramref name="since"/> (everything when null). Turn ids are ULIDs carrying their time, so the period
    /// is a range of the primary key rather than a scan of datetime_utc.
    /// </summary>
    public UsageReport Read(DateTimeOffset? since)
    {
        var sinceText = since?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var connection = ReadOnlyDatabase.OpenIfReady(databasePath, "turns");
        if (connection is null)
            return new UsageReport(sinceText, [], []);
        var where = since is null ? "" : "WHERE id >= $from";
        (string, object?) from = ("$from", since is { } s ? Ulid.LowerBound(s) : null);
        var days = connection.Query(null, $"""
            SELECT substr(datetime_utc, 1, 10) AS day, coalesce(model, '?'), count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0)
            FROM turns {where}
            GROUP BY day, coalesce(model, '?') ORDER BY day, 2
            """, from)
            .Where(r => r[0] is string)
            .Select(r => new DailyUsage((string)r[0]!, (string)r[1]!, (long)r[2]!, (long)r[3]!, (long)r[4]!))
            .ToList();
        var totals = connection.Query(null, $"""
            SELECT coalesce(model, '?'), count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(duration_ms), 0)
            FROM turns {where}
            GROUP BY coalesce(model, '?') ORDER BY coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0) DESC, 1
            """, from)
            .Select(r => new AliasUsage((string)r[0]!, (long)r[1]!, (long)r[2]!, (long)r[3]!, (long)r[4]!))
            .ToList();
        return new UsageReport(sinceText, days, totals);
    }
}

/// <summary>What has been captured most recently; the live view compares these to notice new rows cheaply.</summary>
/// <param name="LatestTurn">The greatest turns.id, or null.</param>
/// <param name="LatestFailure">The greatest prompt_capture_failures.id, or null.</param>
public sealed record CaptureMark(string? LatestTurn, string? LatestFailure);

/// <summary>Reads the <see cref="CaptureMark"/> of a database: two lookups at the end of primary key indexes.</summary>
internal static class CaptureMarks
{
    /// <summary>The mark, or an empty one when a table is missing.</summary>
    public static CaptureMark Read(SqliteConnection connection) => new(
        connection.TableExists(null, "turns") ? connection.Scalar(null, "SELECT max(id) FROM turns") as string : null,
        connection.TableExists(null, Schema.CaptureTables.Prefix + "failures")
            ? connection.Scalar(null, $"SELECT max(id) FROM {Schema.CaptureTables.Prefix}failures") as string : null);
}
