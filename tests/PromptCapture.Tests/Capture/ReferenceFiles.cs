namespace PromptCapture.Tests.Capture;

/// <summary>The files llm 0.32 itself wrote, kept in the test project (Fixtures/llm-0.32, see its README).</summary>
public static class ReferenceFiles
{
    /// <summary>The folder holding reference.db, reference-schema.sql and llm's printed outputs.</summary>
    public static string Directory { get; } = Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "Fixtures", "llm-0.32");

    /// <summary>The database llm 0.32 itself wrote.</summary>
    public static string Database => Path.Combine(Directory, "reference.db");

    /// <summary>The <c>sqlite3 .schema</c> dump of that database.</summary>
    public static string SchemaSql => Path.Combine(Directory, "reference-schema.sql");
}
