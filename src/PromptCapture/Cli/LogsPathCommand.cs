using System.CommandLine;

namespace PromptCapture.Cli;

/// <summary>`logs path`: the database in use, as `llm logs path` prints it, so scripts and Datasette can open the same file.</summary>
internal static class LogsPathCommand
{
    /// <summary>Builds the command with its usage examples.</summary>
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var command = new Command("path", """
            Print the path of the capture database in use.

            Examples:
              promptcapture logs path
              promptcapture logs path --db ./captures.db
              datasette "$(promptcapture logs path)"
            """)
        {
            db,
        };
        command.SetAction(parse => CommonOptions.WithSettings(() =>
        {
            Console.WriteLine(CommonOptions.DatabaseFile(parse.GetValue(db)));
            return 0;
        }));
        return command;
    }
}
