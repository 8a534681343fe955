namespace PromptCapture.Tests;

/// <summary>Finds the repository root (the folder holding PromptCapture.sln) from the test binaries.</summary>
public static class RepoRoot
{
    /// <summary>The root folder; throws if the tests run outside the repository.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PromptCapture.sln")))
                return dir.FullName;
        throw new InvalidOperationException("PromptCapture.sln not found above " + AppContext.BaseDirectory);
    }
}
