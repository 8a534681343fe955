using Microsoft.Data.Sqlite;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;

namespace PromptCapture.Capture.Store.Schema;

/// <summary>
/// llm 0.32's embeddings.db schema, for every writer of one (the gateway's embeddings capture and merge): a file
/// without it gets the exact statements and migration rows llm leaves, so llm treats the file as its own.
/// </summary>
public static class EmbeddingsSchema
{
    /// <summary>llm's embeddings schema as sqlite-utils writes it, statement by statement (sqlite_master keeps this text).</summary>
    private static readonly string[] Statements =
    [
        "CREATE TABLE \"_sqlite_migrations\" (\n   \"id\" INTEGER PRIMARY KEY,\n   \"migration_set\" TEXT,\n   \"name\" TEXT,\n   \"applied_at\" TEXT\n)",
        "CREATE UNIQUE INDEX \"idx__sqlite_migrations_migration_set_name\"\n    ON \"_sqlite_migrations\" (\"migration_set\", \"name\")",
        "CREATE TABLE \"collections\" (\n   \"id\" INTEGER PRIMARY KEY,\n   \"name\" TEXT,\n   \"model\" TEXT\n)",
        "CREATE UNIQUE INDEX \"idx_collections_name\"\n    ON \"collections\" (\"name\")",
        "CREATE TABLE \"embeddings\" (\n   \"collection_id\" INTEGER REFERENCES \"collections\"(\"id\"),\n   \"id\" TEXT,\n   \"embedding\" BLOB,\n   \"content\" TEXT,\n   \"content_blob\" BLOB,\n   \"content_hash\" BLOB,\n   \"metadata\" TEXT,\n   \"updated\" INTEGER,\n   PRIMARY KEY (\"collection_id\", \"id\")\n)",
        "CREATE INDEX \"idx_embeddings_content_hash\"\n    ON \"embeddings\" (\"content_hash\")",
    ];

    /// <summary>llm's embeddings migrations, recorded as applied so llm never tries to run them again.</summary>
    private static readonly string[] Migrations = ["m001_create_tables", "m002_foreign_key", "m003_add_updated", "m004_store_content_hash", "m005_add_content_blob"];

    /// <summary>Creates the schema and records llm's migrations, in one transaction, unless the file has it already.</summary>
    public static void Ensure(SqliteConnection connection)
    {
        if (connection.TableExists(null, "embeddings"))
            return;
        using var tx = connection.BeginTransaction(deferred: false);
        foreach (var statement in Statements)
            connection.Execute(tx, statement);
        var applied = PythonTime.Str(DateTimeOffset.UtcNow);
        foreach (var name in Migrations)
        {
            connection.Execute(tx, """
                INSERT INTO "_sqlite_migrations" ("migration_set", "name", "applied_at") VALUES ('llm.embeddings', $name, $at)
                """, ("$name", name), ("$at", applied));
        }
        tx.Commit();
    }
}
