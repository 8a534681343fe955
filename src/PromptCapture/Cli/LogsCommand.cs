using System.CommandLine;
using PromptCapture.Capture.Store.Reading;

namespace PromptCapture.Cli;

/// <summary>`logs`: shows or searches the captures in the same tables llm reads, for users without Python; subcommands path, status, on, off.</summary>
public static class LogsCommand
{
    /// <summary>Builds the command, its subcommands (path, status, on, off) and their usage examples.</summary>
    public static Command Create()
    {
        var count = new Option<int?>("-n", "--count") { Description = "How many turns to show: 3 by default, all of a conversation with -c or --cid, 0 for all" };
        var json = new Option<bool>("--json") { Description = "Print JSON exactly as `llm logs --json` does" };
        var query = new Option<string?>("-q", "--query")
        {
            Description = "Search prompts and responses (FTS5 syntax, as `llm logs -q`); best matches first",
        };
        var latest = new Option<bool>("-l", "--latest") { Description = "With -q: the latest matches first instead of the best" };
        var current = new Option<bool>("-c", "--current") { Description = "Show the current conversation (the newest turn's, the one `llm -c` continues)" };
        var conversation = new Option<string?>("--cid", "--conversation") { Description = "Show the conversation with this ID" };
        var usage = new Option<bool>("-u", "--usage") { Description = "Include token usage" };
        var db = CommonOptions.Database();
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
            count, json, query, latest, current, conversation, usage, db,
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
            var reader = new LogReader(file);
            var conversationId = parse.GetValue(conversation);
            if (parse.GetValue(current))
            {
                conversationId = reader.CurrentConversationId();
                if (conversationId is null)
                {
                    Console.Error.WriteLine("error: No conversations found");
                    return 1;
                }
            }
            var filter = new LogQuery
            {
                // As llm: a conversation is shown whole unless -n says otherwise.
                Count = Math.Max(0, parse.GetValue(count) ?? (string.IsNullOrEmpty(conversationId) ? 3 : 0)),
                ConversationId = conversationId,
                Search = parse.GetValue(query),
                Latest = parse.GetValue(latest),
            };
            IReadOnlyList<LogEntry> entries;
            try
            {
                entries = reader.Read(filter);
            }
            catch (InvalidSearchQueryException ex)
            {
                Console.Error.WriteLine($"error: Invalid search query: {ex.Message} - see the FTS5 query syntax documentation at https://sqlite.org/fts5.html#full_text_query_syntax");
                return 1;
            }
            // click.echo's newline after JSON; the Markdown carries its own, line by line as llm echoes it.
            Console.Out.Write(parse.GetValue(json)
                ? LogJson.Render(entries) + "\n"
                : LogMarkdown.Render(entries, conversationMode: !string.IsNullOrEmpty(conversationId), usage: parse.GetValue(usage)));
            return 0;
        }));
        return command;
    }
}
