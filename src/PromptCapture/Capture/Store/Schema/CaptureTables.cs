namespace PromptCapture.Capture.Store.Schema;

/// <summary>
/// DDL of our own tables beside llm's; llm ignores tables it does not know, and every name starts with
/// prompt_capture_ so nobody mistakes them for llm's.
/// </summary>
public static class CaptureTables
{
    /// <summary>Prefix of every object we own, so schema checks can tell ours from llm's.</summary>
    public const string Prefix = "prompt_capture_";

    /// <summary>Statements creating our tables; all idempotent so they run on every open.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS "prompt_capture_requests" (
           "turn_id" TEXT PRIMARY KEY REFERENCES "turns"("id"),
           "user_agent" TEXT,
           "remote_address" TEXT,
           "stream" INTEGER,
           "http_status" INTEGER,
           "request_id" TEXT,
           "provider" TEXT,
           "upstream_model" TEXT,
           "datetime_utc" TEXT,
           "front_door" TEXT,
           "session_id" TEXT
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS "prompt_capture_failures" (
           "id" TEXT PRIMARY KEY,
           "model" TEXT,
           "resolved_model" TEXT,
           "provider" TEXT,
           "upstream_model" TEXT,
           "outcome" TEXT,
           "http_status" INTEGER,
           "error_type" TEXT,
           "error_message" TEXT,
           "request_messages_json" TEXT,
           "partial_response" TEXT,
           "partial_reasoning" TEXT,
           "partial_tool_calls_json" TEXT,
           "options_json" TEXT,
           "input_tokens" INTEGER,
           "output_tokens" INTEGER,
           "duration_ms" INTEGER,
           "datetime_utc" TEXT,
           "user_agent" TEXT,
           "remote_address" TEXT,
           "stream" INTEGER,
           "request_id" TEXT,
           "front_door" TEXT,
           "session_id" TEXT
        )
        """,
        // Several stored messages can share one echo form (a regenerated answer with different reasoning), hence
        // the composite key: the resolver prefers the candidate that is a thread tip.
        """
        CREATE TABLE IF NOT EXISTS "prompt_capture_message_aliases" (
           "echo_hash" TEXT,
           "message_hash" TEXT REFERENCES "messages"("hash"),
           PRIMARY KEY ("echo_hash", "message_hash")
        )
        """,
        // Every turn asks which thread ends at its prefix; without this index that is a scan of llm's threads table
        // that grows with the history (measured: 1,493 -> 1,995 records/s on a fresh database). llm ignores it.
        """
        CREATE INDEX IF NOT EXISTS "prompt_capture_threads_tip" ON "threads" ("tip_message_hash", "id")
        """,
        // The viewer lists a thread at its latest turn, asking max(id) per thread for every row it walks; llm's own
        // idx_turns_thread_id has only thread_id, so that was a visit of every turn of the thread. llm ignores it.
        """
        CREATE INDEX IF NOT EXISTS "prompt_capture_turns_thread" ON "turns" ("thread_id", "id")
        """,
        // previous_response_id and GET /v1/responses/{id} find a turn by the id the client was given.
        """
        CREATE INDEX IF NOT EXISTS "prompt_capture_requests_request_id" ON "prompt_capture_requests" ("request_id")
        """,
        // The provider's raw payload of a turn we wrote. llm 0.32's logs looks the model up (get_model walks every
        // plugin when the alias is unknown to llm) for each turn whose turns.response_json is set, which made
        // `llm logs` 10-200x slower on our files; kept here, turns.response_json stays NULL as for a model with none.
        """
        CREATE TABLE IF NOT EXISTS "prompt_capture_responses" (
           "turn_id" TEXT PRIMARY KEY REFERENCES "turns"("id"),
           "response_json" TEXT
        )
        """,
    ];

    /// <summary>Name of the table holding our turns' raw provider payloads.</summary>
    public const string Responses = Prefix + "responses";

    /// <summary>
    /// Moves the payloads of turns we wrote (those with a request row) out of turns.response_json into
    /// <see cref="Responses"/>; run once, when that table is first created in a file we wrote before it existed.
    /// Turns llm itself wrote keep their response_json.
    /// </summary>
    public static IReadOnlyList<string> MoveResponsePayloads { get; } =
    [
        """
        INSERT OR IGNORE INTO "prompt_capture_responses" ("turn_id", "response_json")
        SELECT t."id", t."response_json" FROM "turns" t JOIN "prompt_capture_requests" r ON r."turn_id" = t."id"
        WHERE t."response_json" IS NOT NULL
        """,
        """
        UPDATE "turns" SET "response_json" = NULL
        WHERE "response_json" IS NOT NULL AND "id" IN (SELECT "turn_id" FROM "prompt_capture_responses")
        """,
    ];

    /// <summary>Columns added to our tables after their first release; files made before get them on open.</summary>
    public static IReadOnlyList<(string Table, string Column, string Type)> AddedColumns { get; } =
    [
        ("prompt_capture_requests", "front_door", "TEXT"),
        ("prompt_capture_requests", "session_id", "TEXT"),
        ("prompt_capture_failures", "front_door", "TEXT"),
        ("prompt_capture_failures", "session_id", "TEXT"),
    ];
}
