namespace PromptCapture.Tests.Capture;

/// <summary>The llm reference material that sits beside the repository (../shared/llm-reference).</summary>
public static class ReferenceFiles
{
    /// <summary>The folder holding SCHEMA.md, reference-schema.sql and reference.db.</summary>
    public static string Directory { get; } = Path.GetFullPath(Path.Combine(RepoRoot.Find(), "..", "shared", "llm-reference"));

    /// <summary>The database llm 0.32 itself wrote.</summary>
    public static string Database => Path.Combine(Directory, "reference.db");

    /// <summary>The <c>sqlite3 .schema</c> dump of that database.</summary>
    public static string SchemaSql => Path.Combine(Directory, "reference-schema.sql");
}
