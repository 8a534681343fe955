using System.CommandLine;
using PromptCapture.Capture.Store;

namespace PromptCapture.Cli;

/// <summary>
/// `logs on` and `logs off`: llm's own switch, the empty logs-off file beside the database, so `llm logs off` and
/// `promptcapture logs off` mean the same thing to both tools.
/// </summary>
internal static class LogsOnOffCommand
{
    /// <summary>Builds `logs on` (<paramref name="on"/>) or `logs off` with its usage examples.</summary>
    public static Command Create(bool on)
    {
        var db = CommonOptions.Database();
        var name = on ? "on" : "off";
        var command = new Command(name, $"""
            Turn {(on ? "on" : "off")} logging: {(on ? "delete" : "create")} the logs-off file beside the database, as `llm logs {name}` does.
            A running `serve` reads it when it starts: restart it to apply.

            Examples:
              promptcapture logs {name}
              promptcapture logs {name} --db ./captures.db
              promptcapture logs status
            """)
        {
            db,
        };
        command.SetAction(parse => CommonOptions.WithSettings(() =>
        {
            LlmDatabaseLocation.SetLoggingOff(CommonOptions.DatabaseFile(parse.GetValue(db)), off: !on);
            return 0;
        }));
        return command;
    }
}
