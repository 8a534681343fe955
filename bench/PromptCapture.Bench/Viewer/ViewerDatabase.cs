using System.Text.Json;
using Microsoft.Data.Sqlite;
using PromptCapture.Capture;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Exchange;

namespace PromptCapture.Bench.Viewer;

/// <summary>
/// A capture database of a given size written by the real writer (LlmLogWriter, so every row, hash, search entry and
/// index is what serve writes): conversations of four turns each, every turn resending its history as clients do.
/// </summary>
internal static class ViewerDatabase
{
    /// <summary>Turns per conversation.</summary>
    public const int TurnsPerThread = 4;

    /// <summary>A few aliases, so usage has several models.</summary>
    private static readonly string[] Aliases = ["deepseek-chat", "gpt-4o-mini", "claude-haiku", "llama3"];

    /// <summary>Words prompts are made of; "pelican" is rare (one conversation in 500) so search has a selective case.</summary>
    private static readonly string[] Words = ["walrus", "budget", "python", "weather", "invoice", "garden", "router", "history", "recipe", "contract"];

    /// <summary>Writes <paramref name="turns"/> turns into a new database at <paramref name="path"/>, spread over the last 60 days.</summary>
    public static void Fill(string path, int turns, Action<int> progress)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        connection.Execute(null, "PRAGMA journal_mode=WAL");
        connection.Execute(null, "PRAGMA synchronous=NORMAL");
        LlmSchema.Ensure(connection);
        var writer = new LlmLogWriter(connection);
        var threads = turns / TurnsPerThread;
        var start = DateTimeOffset.UtcNow.AddDays(-60);
        var batch = new List<CaptureRecord>(TurnsPerThread * 50);
        for (var thread = 0; thread < threads; thread++)
        {
            var history = new List<ExchangeMessage> { Text("system", "You are a helpful assistant for project " + thread % 97 + ".") };
            for (var turn = 0; turn < TurnsPerThread; turn++)
            {
                history.Add(Text("user", Prompt(thread, turn)));
                var text = $"Answer {turn} to conversation {thread}: consider the {Words[(thread + turn) % Words.Length]} first, then the rest.";
                var answer = Text("assistant", text);
                var alias = Aliases[thread % Aliases.Length];
                batch.Add(new CaptureRecord
                {
                    Request = new ExchangeRequest
                    {
                        History = [],
                        Settings = new Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings(),
                        Messages = [.. history],
                        Options = [new("temperature", JsonSerializer.SerializeToElement(0.5))],
                        Client = new ExchangeClient("chat", "bench-client/1.0", "127.0.0.1", thread % 2 == 0, "chatcmpl-bench"),
                        StartedUtc = start.AddSeconds(60.0 * 86400 * (thread * TurnsPerThread + turn) / turns),
                        StartTimestamp = 0,
                    },
                    Target = new ExchangeTarget(alias, "bench", alias),
                    Answer = new ExchangeAnswer { Text = text, Model = alias + "-2026-01", Usage = new ExchangeUsage(40 + 30 * turn, 25, 65 + 30 * turn) },
                    DurationMs = 300 + thread % 900,
                });
                history.Add(answer);
            }
            if (batch.Count >= TurnsPerThread * 50 || thread == threads - 1)
            {
                writer.WriteBatch(batch);
                batch.Clear();
                progress((thread + 1) * TurnsPerThread);
            }
        }
        SqliteCommands.ForgetPrepared(connection);
        connection.Execute(null, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    /// <summary>The user text of one turn.</summary>
    private static string Prompt(int thread, int turn) =>
        (thread % 500 == 0 && turn == 0 ? "Suggest a name for a pet pelican. " : "")
        + $"Question {turn} about the {Words[thread % Words.Length]} and the {Words[(thread / 10 + turn) % Words.Length]} (case {thread}).";

    /// <summary>A one-part text message.</summary>
    private static ExchangeMessage Text(string role, string text) => new(role, [new ExchangePart(ExchangePartKind.Text, text)]);
}
