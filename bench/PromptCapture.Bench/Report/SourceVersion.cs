using System.Diagnostics;

namespace PromptCapture.Bench.Report;

/// <summary>Which commit of the repository was measured, since the figures only hold for that code.</summary>
internal static class SourceVersion
{
    /// <summary>The repository root (the folder holding PromptCapture.sln), found from the binary's location.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PromptCapture.sln")))
                return dir.FullName;
        return null;
    }

    /// <summary>"abc1234" plus " (src/ modified)" when src/ has uncommitted changes; "unknown" without git.</summary>
    public static string Describe()
    {
        var root = RepositoryRoot();
        if (root is null)
            return "unknown";
        var commit = Git(root, "rev-parse --short HEAD");
        if (commit is null)
            return "unknown";
        var dirty = Git(root, "status --porcelain -- src");
        return string.IsNullOrEmpty(dirty) ? commit : commit + " (src/ modified)";
    }

    /// <summary>Runs git and returns its trimmed output, or null when git is missing or fails.</summary>
    private static string? Git(string root, string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (git is null)
                return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
