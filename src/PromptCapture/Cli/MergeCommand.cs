using System.CommandLine;
using PromptCapture.Capture.Store.Merging;

namespace PromptCapture.Cli;

/// <summary>`merge`: several instances' (or machines', or llm's own) databases into one llm database.</summary>
internal static class MergeCommand
{
    /// <summary>Builds the command with its usage examples.</summary>
    public static Command Create()
    {
        var sources = new Argument<string[]>("databases")
        {
            Description = "The databases to merge from (read only; never changed)",
            Arity = ArgumentArity.OneOrMore,
        };
        var into = new Option<string>("--into")
        {
            Description = "The llm database to merge into; created when missing, and may be in use by a running gateway",
            Required = true,
        };
        var embeddings = new Option<bool>("--embeddings")
        {
            Description = "The files are llm embeddings databases (embeddings.db): collections by name, items by collection and id",
        };
        var command = new Command("merge", """
            Merge the captures of several gateway instances (or machines, or llm's own logs.db) into one database
            that llm 0.32 reads as its own. Running it again adds nothing; conversations that went through several
            instances become one thread where their messages are the same. The target can be in use by a gateway.

            Examples:
              promptcapture merge gw1.db gw2.db --into logs.db
              promptcapture merge /srv/gw*/logs.db --into "$(llm logs path)"
              promptcapture merge laptop.db --into merged.db && llm logs -d merged.db -n 0
              promptcapture merge --embeddings a/embeddings.db b/embeddings.db --into embeddings.db
            """)
        {
            sources,
            into,
            embeddings,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(sources)!;
            var target = parse.GetValue(into)!;
            try
            {
                if (parse.GetValue(embeddings))
                    Console.WriteLine($"Merged {files.Length} embeddings databases into {target}: {new EmbeddingsMerger().Merge(files, target)}");
                else
                    Console.WriteLine($"Merged {files.Length} databases into {target}: {new LogsMerger().Merge(files, target)}");
                return 0;
            }
            catch (Exception ex) when (ex is MergeException or Capture.Store.Schema.ForeignDatabaseException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                // A target locked longer than the busy timeout, a full disk, a read-only folder: what SQLite said, and
                // that whole batches stay committed, so running the command again completes the merge.
                Console.Error.WriteLine($"error: {target}: {ex.Message} Batches written so far are kept; run the merge again to complete it.");
                return 1;
            }
        });
        return command;
    }
}
