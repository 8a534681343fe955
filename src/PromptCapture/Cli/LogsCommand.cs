using System.CommandLine;
using System.Text;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Capture.Store;
using PromptCapture.Hosting;

namespace PromptCapture.Cli;

/// <summary>`logs`: shows the latest captures from the same tables llm reads, for users without Python; `logs path` prints the database path.</summary>
public static class LogsCommand
{
    /// <summary>Builds the command, its `path` subcommand and their usage examples.</summary>
    public static Command Create()
    {
        var count = new Option<int>("-n", "--count") { Description = "How many of the latest captures to show (0 for all)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of Markdown" };
        var db = CommonOptions.Database();
        var path = new Command("path", """
            Print the path of the capture database in use.

            Examples:
              promptcapture logs path
              promptcapture logs path --db ./captures.db
            """) { db };
        path.SetAction(parse => Console.WriteLine(LlmDatabaseLocation.Resolve(GatewayConfiguration.DatabasePath(parse.GetValue(db)), createDirectory: false)));
        var command = new Command("logs", """
            Show the latest captured exchanges (the same rows `llm logs` shows).

            Examples:
              promptcapture logs
              promptcapture logs -n 10
              promptcapture logs --json
              promptcapture logs --db ./captures.db
              promptcapture logs path
            """)
        {
            count, json, db, path,
        };
        command.SetAction(parse =>
        {
            var file = LlmDatabaseLocation.Resolve(GatewayConfiguration.DatabasePath(parse.GetValue(db)), createDirectory: false);
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"error: no capture database at {file} yet (run `serve` and send a request, or pass --db PATH)");
                return 1;
            }
            var n = parse.GetValue(count);
            var entries = new LogReader(file).ReadLatest(n <= 0 ? int.MaxValue : n);
            Console.WriteLine(parse.GetValue(json) ? LogReader.ToJson(entries) : Markdown(entries));
            return 0;
        });
        return command;
    }

    /// <summary>Renders entries oldest first in the style of `llm logs`.</summary>
    public static string Markdown(IReadOnlyList<LogEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var e in entries)
        {
            var when = e.DatetimeUtc?.Split('.')[0] ?? "";
            text.Append("# ").Append(when).Append("    conversation: ").Append(e.ConversationId).Append(" id: ").AppendLine(e.Id).AppendLine();
            text.Append("Model: **").Append(e.Model).Append("**");
            if (e.ResolvedModel is not null && e.ResolvedModel != e.Model)
                text.Append(" (resolved: **").Append(e.ResolvedModel).Append("**)");
            text.AppendLine().AppendLine();
            if (e.UserAgent is not null)
                text.Append("Client: `").Append(e.UserAgent).AppendLine("`").AppendLine();
            if (e.System is not null)
                text.AppendLine("## System").AppendLine().AppendLine(e.System).AppendLine();
            text.AppendLine("## Prompt").AppendLine().AppendLine(e.Prompt.Length == 0 ? "-- none --" : e.Prompt).AppendLine();
            if (e.Reasoning is not null)
                text.AppendLine("## Reasoning").AppendLine().AppendLine(e.Reasoning).AppendLine();
            text.AppendLine("## Response").AppendLine().AppendLine(e.Response).AppendLine();
            if (e.InputTokens is not null || e.OutputTokens is not null)
                text.Append("## Token usage").AppendLine().AppendLine().Append(e.InputTokens ?? 0).Append(" input, ").Append(e.OutputTokens ?? 0).Append(" output")
                    .AppendLine(e.TokenDetails is null ? "" : ", " + e.TokenDetails).AppendLine();
        }
        return text.ToString().TrimEnd();
    }
}
