using System.CommandLine;

namespace PromptCapture.Cli;

/// <summary>`logs`: shows or searches the captures in the same tables llm reads, for users without Python; subcommands list, path, status, on, off.</summary>
public static class LogsCommand
{
    /// <summary>Builds the command, its subcommands (list, path, status, on, off) and their usage examples.</summary>
    public static Command Create()
    {
        var command = new Command("logs", """
            Show the latest captured exchanges as `llm logs` shows them (the same rows, the same Markdown and JSON),
            or search them with -q. Turns the gateway captured also name their client.

            Examples:
              promptcapture logs
              promptcapture logs -n 10
              promptcapture logs -n 0 -u
              promptcapture logs -c
              promptcapture logs --cid 01m89n3297anqmy3kc166f2512
              promptcapture logs --json
              promptcapture logs -q pelican
              promptcapture logs -q 'walrus OR "good morning"' -n 0
              promptcapture logs -q pelican --latest
              promptcapture logs --db ./captures.db
              promptcapture logs path
              promptcapture logs status
              promptcapture logs off
            """)
        {
            LogsListCommand.Create(), LogsPathCommand.Create(), LogsStatusCommand.Create(), LogsOnOffCommand.Create(on: true), LogsOnOffCommand.Create(on: false),
        };
        LogsListCommand.AddListing(command);
        return command;
    }
}
