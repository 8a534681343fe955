using System.CommandLine;
using System.Globalization;
using System.Text;
using PromptCapture.Capture.Store.Reading;

namespace PromptCapture.Cli;

/// <summary>`logs status`: whether capture is on and what the database holds, worded exactly as `llm logs status` (0.32) words it.</summary>
internal static class LogsStatusCommand
{
    /// <summary>Builds the command with its usage examples.</summary>
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var command = new Command("status", """
            Show whether logging is on, where the database is, and how many threads and turns it holds.

            Examples:
              promptcapture logs status
              promptcapture logs status --db ./captures.db
            """)
        {
            db,
        };
        command.SetAction(parse => CommonOptions.WithSettings(() =>
        {
            Console.Write(Render(LogStatus.Read(CommonOptions.DatabaseFile(parse.GetValue(db)))));
            return 0;
        }));
        return command;
    }

    /// <summary>llm's lines, tabs included; the legacy counts only when there are any, as llm shows them.</summary>
    public static string Render(LogStatus status)
    {
        if (!status.Exists)
            return $"No log database found at {status.DatabasePath}\n";
        var text = new StringBuilder();
        text.Append(status.LoggingOn ? "Logging is ON for all prompts\n" : "Logging is OFF\n")
            .Append("Found log database at ").Append(status.DatabasePath).Append('\n')
            .Append("Number of threads logged:\t").Append(status.Threads).Append('\n')
            .Append("Number of turns logged:\t\t").Append(status.Turns).Append('\n');
        if (status.LegacyConversations > 0 || status.LegacyResponses > 0)
        {
            text.Append("Number of legacy conversations:\t").Append(status.LegacyConversations).Append('\n')
                .Append("Number of legacy responses:\t").Append(status.LegacyResponses).Append('\n');
        }
        return text.Append("Database file size: \t\t").Append(HumanSize(status.SizeBytes)).Append('\n').ToString();
    }

    /// <summary>llm's _human_readable_size: 1024 steps, two decimals, no space ("0B", "68.00KB").</summary>
    public static string HumanSize(long bytes)
    {
        if (bytes == 0)
            return "0B";
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return size.ToString("F2", CultureInfo.InvariantCulture) + units[unit];
    }
}
