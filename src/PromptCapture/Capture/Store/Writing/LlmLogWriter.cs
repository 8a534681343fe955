using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Writing;

/// <summary>
/// Writes captured exchanges as llm 0.32's LogStore.log would: messages and parts (new hashes only), thread,
/// turn, tools, schema, turn_search and the thread tip, plus our request row; failures go to our own table only.
/// </summary>
/// <param name="connection">An open connection whose schema <see cref="Schema.LlmSchema.Ensure"/> has prepared.</param>
/// <param name="time">Clock for threads.datetime_utc; tests may pin it.</param>
public sealed class LlmLogWriter(SqliteConnection connection, TimeProvider? time = null)
{
    /// <summary>The clock used for the write-time columns.</summary>
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Writes every record in one transaction (all or nothing), in order, so later records see earlier ones.</summary>
    public IReadOnlyList<CaptureWriteResult> WriteBatch(IReadOnlyList<CaptureRecord> records)
    {
        using var batch = Begin(records);
        while (batch.WriteNext())
        {
        }
        return batch.Results;
    }

    /// <summary>
    /// Opens the transaction for <paramref name="records"/> and leaves the writing to the caller, one record per
    /// step, so a writer thread can stop between records and let another thread finish the batch.
    /// </summary>
    public LlmBatchWrite Begin(IReadOnlyList<CaptureRecord> records) => new(connection.BeginTransaction(deferred: false), records, Write);

    /// <summary>One record inside the batch transaction.</summary>
    private CaptureWriteResult Write(SqliteTransaction tx, CaptureRecord record) =>
        record.Outcome == CaptureOutcome.Succeeded
            ? WriteTurn(tx, record)
            : new CaptureWriteResult(FailureWriter.Write(connection, tx, record, _time.GetUtcNow()), null, false);

    /// <summary>The body of LogStore.log for one successful exchange.</summary>
    private CaptureWriteResult WriteTurn(SqliteTransaction tx, CaptureRecord record)
    {
        // Like llm outside a conversation: the turn id exists before the thread id is made.
        var turnId = record.TurnId ?? Ulid.NewUlid();
        var store = new MessageStore(connection, tx);
        var requestChain = LlmMessageMapper.MapChain(record.Messages);
        var chain = store.StoreChain(requestChain);
        var output = record.Output is null ? null : LlmMessageMapper.Map(record.Output);
        var tip = output is null ? chain.Tip : store.StoreOutput(output, chain.Tip);

        var choice = ThreadResolver.Choose(connection, tx, chain);
        // A new thread is written with its tip at once; a continued one moves its tip at the end, as llm does.
        var threadId = choice.ContinueThreadId ?? CreateThread(tx, requestChain, choice.ForkedFrom, tip);
        var schemaId = TurnExtras.EnsureSchema(connection, tx, record.Schema);
        var started = PythonTime.IsoFormat(record.StartedUtc); // the turn's and the request row's, one string

        connection.Execute(tx, """
            INSERT OR REPLACE INTO turns (id, thread_id, parent_message_hash, tip_message_hash, model, resolved_model,
                options_json, schema_id, input_tokens, output_tokens, token_details, duration_ms, datetime_utc,
                response_json)
            VALUES ($id, $thread, $parent, $tip, $model, $resolved, $options, $schema, $in, $out, $details,
                $duration, $at, NULL)
            """,
            ("$id", turnId), ("$thread", threadId), ("$parent", chain.Tip), ("$tip", tip),
            ("$model", record.Model), ("$resolved", record.ResolvedModel),
            ("$options", TurnExtras.OptionsJson(record.Options)), ("$schema", schemaId),
            ("$in", SqlValues.Of(record.InputTokens)), ("$out", SqlValues.Of(record.OutputTokens)),
            ("$details", TurnExtras.TokenDetailsJson(record.TokenDetails)), ("$duration", SqlValues.Of(record.DurationMs)),
            ("$at", started));
        // The payload goes to our own table: llm logs would look the (to llm unknown) model up for every turn with
        // a turns.response_json, walking all its plugins each time.
        if (TurnExtras.ResponseJson(record.ResponseJson) is { } payload)
        {
            connection.Execute(tx, "INSERT OR REPLACE INTO prompt_capture_responses (turn_id, response_json) VALUES ($id, $json)",
                ("$id", turnId), ("$json", payload));
        }

        foreach (var tool in record.Tools)
        {
            connection.Execute(tx, "INSERT OR REPLACE INTO turn_tools (turn_id, tool_id) VALUES ($turn, $tool)",
                ("$turn", turnId), ("$tool", TurnExtras.EnsureTool(connection, tx, tool)));
        }
        WriteSearchRow(tx, turnId, requestChain.Count > 0 ? requestChain[^1] : null, output);
        WriteRequestRow(tx, turnId, record, started);
        if (choice.ContinueThreadId is not null)
        {
            connection.Execute(tx, "UPDATE threads SET tip_message_hash = $tip WHERE id = $id",
                ("$tip", tip), ("$id", threadId));
        }
        return new CaptureWriteResult(turnId, threadId, true);
    }

    /// <summary>
    /// A new threads row named by llm's rule, <c>_conversation_name(prompt or system or "")</c>, where the prompt
    /// is the text of the request's trailing user messages; <paramref name="tip"/> is the turn's tip, set at once.
    /// </summary>
    private string CreateThread(SqliteTransaction tx, IReadOnlyList<LlmMessage> chain, string? forkedFrom, string? tip)
    {
        var threadId = Ulid.NewUlid();
        var prompt = TrailingUserText(chain);
        var system = chain.Count > 0 && chain[0].Role == "system" ? chain[0].TextOf() : "";
        var name = ConversationName.Of(prompt.Length > 0 ? prompt : system);
        connection.Execute(tx, """
            INSERT INTO threads (id, name, tip_message_hash, forked_from, datetime_utc)
            VALUES ($id, $name, $tip, $forked, $at)
            """, ("$id", threadId), ("$name", name), ("$tip", tip), ("$forked", forkedFrom),
            ("$at", PythonTime.Str(_time.GetUtcNow())));
        return threadId;
    }

    /// <summary>Text of the trailing run of user/tool messages (user text only), as llm logs shows a prompt.</summary>
    internal static string TrailingUserText(IReadOnlyList<LlmMessage> chain)
    {
        var start = chain.Count;
        while (start > 0 && chain[start - 1].Role is "user" or "tool")
            start--;
        string? text = null;
        for (var i = start; i < chain.Count; i++)
        {
            if (chain[i].Role == "user")
                text = text is null ? chain[i].TextOf() : text + chain[i].TextOf();
        }
        return text ?? "";
    }

    /// <summary>
    /// turn_search as llm derives it: the parent message's text if it is a user message, the answer's text;
    /// skipped when both are empty. The FTS index follows through llm's triggers.
    /// </summary>
    private void WriteSearchRow(SqliteTransaction tx, string turnId, LlmMessage? parent, LlmMessage? output)
    {
        var prompt = parent?.Role == "user" ? parent.TextOf() : "";
        var response = output?.Role == "assistant" ? output.TextOf() : "";
        // The turn id is a fresh ULID, so there is no earlier search row to replace.
        if (prompt.Length == 0 && response.Length == 0)
            return;
        connection.Execute(tx, "INSERT INTO turn_search (turn_id, prompt, response) VALUES ($id, $prompt, $response)",
            ("$id", turnId), ("$prompt", prompt), ("$response", response));
    }

    /// <summary>Our request row: who asked and how it was served, which llm's tables have no place for.</summary>
    private void WriteRequestRow(SqliteTransaction tx, string turnId, CaptureRecord record, string started)
    {
        var client = record.Client;
        connection.Execute(tx, """
            INSERT OR REPLACE INTO prompt_capture_requests (turn_id, user_agent, remote_address, stream, http_status,
                request_id, provider, upstream_model, datetime_utc, front_door, session_id)
            VALUES ($id, $ua, $remote, $stream, $status, $request, $provider, $upstream, $at, $door, $session)
            """,
            ("$id", turnId), ("$ua", client.UserAgent), ("$remote", client.RemoteAddress),
            ("$stream", SqlValues.Of(client.Stream ? 1 : 0)), ("$status", SqlValues.Of(record.HttpStatus)),
            ("$request", client.RequestId), ("$provider", record.Provider), ("$upstream", record.UpstreamModel),
            ("$at", started), ("$door", client.FrontDoor), ("$session", client.SessionId));
    }
}
