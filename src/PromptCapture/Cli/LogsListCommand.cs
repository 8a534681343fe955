using System.CommandLine;
using PromptCapture.Capture.Store.Reading;

namespace PromptCapture.Cli;

/// <summary>
/// `logs list` (and `logs` itself, as llm's logs group defaults to list): the listing options -n, -c, --cid, -q, -l,
/// -u, --json and --db, and the action that prints what `llm logs` prints.
/// </summary>
public static class LogsListCommand
{
    /// <summary>`logs list`, the explicit form `llm logs list` also has.</summary>
    public static Command Create()
    {
        var command = new Command("list", """
            Show the latest captured exchanges, the same as `promptcapture logs` (and `llm logs list`).

            Examples:
              promptcapture logs list
              promptcapture logs list --json -n 0
              promptcapture logs list -c -u
            """);
        AddListing(command);
        return command;
    }

    /// <summary>Adds the listing options to a command and makes printing the listing its action.</summary>
    public static void AddListing(Command command)
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
        foreach (var option in new Option[] { count, json, query, latest, current, conversation, usage, db })
            command.Options.Add(option);
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
    }
}
