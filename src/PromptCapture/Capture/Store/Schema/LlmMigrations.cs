namespace PromptCapture.Capture.Store.Schema;

/// <summary>
/// llm's migration names and the columns its migrations add with ALTER TABLE; llm re-runs any name missing from
/// _llm_migrations, so a file we touch must carry all of them.
/// </summary>
public static class LlmMigrations
{
    /// <summary>All 30 names llm 0.32 records, in source order (0.31.1 has the first 24).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "m001_initial", "m002_id_primary_key", "m003_chat_id_foreign_key", "m004_column_order",
        "m004_drop_provider", "m005_debug", "m006_new_logs_table", "m007_finish_logs_table",
        "m008_reply_to_id_foreign_key", "m008_fix_column_order_in_logs", "m009_delete_logs_table_if_empty",
        "m010_create_new_log_tables", "m011_fts_for_responses", "m012_attachments_tables", "m013_usage",
        "m014_schemas", "m015_fragments_tables", "m016_fragments_table_pks", "m017_tools_tables",
        "m017_tools_plugin", "m018_tool_instances", "m019_resolved_model", "m020_tool_results_attachments",
        "m021_tool_results_exception", "m022_response_reasoning", "m023_message_store",
        "m024_tool_instance_references", "m025_turn_tools_instance_backfill", "m026_message_tree_view",
        "m027_turns_response_json",
    ];

    /// <summary>
    /// Columns llm adds to existing tables (sqlite-utils add_column), as (table, column, declared type); an older
    /// file that has the table but not the column gets the same ALTER TABLE, so its stored SQL matches llm's.
    /// </summary>
    public static IReadOnlyList<(string Table, string Column, string Type)> AddedColumns { get; } =
    [
        ("tools", "plugin", "TEXT"),
        ("responses", "resolved_model", "TEXT"),
        ("tool_results", "exception", "TEXT"),
        ("responses", "reasoning", "TEXT"),
        ("turns", "response_json", "TEXT"),
    ];

    /// <summary>The _llm_migrations table exactly as llm creates it.</summary>
    internal const string MigrationsTableSql = """
        CREATE TABLE IF NOT EXISTS "_llm_migrations" (
           "name" TEXT PRIMARY KEY,
           "applied_at" TEXT
        )
        """;
}
