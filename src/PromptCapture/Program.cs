using System.CommandLine;
using PromptCapture.Cli;

namespace PromptCapture;

/// <summary>Composition root: parses the command line and runs the chosen command.</summary>
public static class Program
{
    /// <summary>Runs the CLI; exit code 0 on success, 2 on a configuration error.</summary>
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("""
            PromptCapture: an OpenAI-compatible gateway that captures every exchange into llm's logs.db.

            Examples:
              promptcapture serve
              promptcapture models
              promptcapture logs -n 5
              promptcapture logs status
              promptcapture merge gw1.db gw2.db --into logs.db
              promptcapture llm install
              promptcapture service unit --user
              promptcapture --version
            """)
        {
            ServeCommand.Create(),
            ModelsCommand.Create(),
            LogsCommand.Create(),
            MergeCommand.Create(),
            ServiceCommand.Create(),
            LlmCommand.Create(),
        };
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        // The host handles Ctrl+C and SIGTERM itself (stop accepting, finish requests, drain capture);
        // System.CommandLine must not cut that short with its own termination timeout.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
