using System.CommandLine;
using System.Text;
using PromptCapture.Capture.Store.Reading;

namespace PromptCapture.Cli;

/// <summary>`logs`: shows or searches the captures in the same tables llm reads, for users without Python; subcommands path, status, on, off.</summary>
public static class LogsCommand
{
    /// <summary>Builds the command, its subcommands (path, status, on, off) and their usage examples.</summary>
    public static Command Create()
    {
        var count = new Option<int>("-n", "--count") { Description = "How many captures to show (0 for all)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of Markdown" };
        var query = new Option<string?>("-q", "--query")
        {
            Description = "Search prompts and responses (FTS5 syntax, as `llm logs -q`); best matches first",
        };
        var latest = new Option<bool>("-l", "--latest") { Description = "With -q: the latest matches first instead of the best" };
        var db = CommonOptions.Database();
        var command = new Command("logs", """
            Show the latest captured exchanges (the same rows `llm logs` shows), or search them with -q.

            Examples:
              promptcapture logs
              promptcapture logs -n 10
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
            count, json, query, latest, db,
            LogsPathCommand.Create(), LogsStatusCommand.Create(), LogsOnOffCommand.Create(on: true), LogsOnOffCommand.Create(on: false),
        };
        command.SetAction(parse => CommonOptions.WithSettings(() =>
        {
            var file = CommonOptions.DatabaseFile(parse.GetValue(db));
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"error: No log database found at {file} (run `promptcapture serve` and send a request, or pass --db PATH)");
                return 1;
            }
            var n = Math.Max(0, parse.GetValue(count));
            var reader = new LogReader(file);
            IReadOnlyList<LogEntry> entries;
            try
            {
                entries = parse.GetValue(query) is { Length: > 0 } text ? reader.Search(text, n, parse.GetValue(latest)) : reader.ReadLatest(n);
            }
            catch (InvalidSearchQueryException ex)
            {
                Console.Error.WriteLine($"error: Invalid search query: {ex.Message} - see the FTS5 query syntax documentation at https://sqlite.org/fts5.html#full_text_query_syntax");
                return 1;
            }
            Console.WriteLine(parse.GetValue(json) ? LogReader.ToJson(entries) : Markdown(entries));
            return 0;
        }));
        return command;
    }

    /// <summary>Renders entries in the order given (oldest first, or best match first for -q) in the style of `llm logs`.</summary>
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
