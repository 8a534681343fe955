using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace PromptCapture.Cli;

/// <summary>`--version`: the version and the commit it was built from, so a bug report names exactly what ran.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The text, e.g. "promptcapture 0.1.0 (commit 1a2b...)"; the commit is the one the SDK embedded, if it saw .git.</summary>
    public static string Text()
    {
        var informational = typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"promptcapture {informational} (commit unknown: built outside a git checkout)"
            : $"promptcapture {informational[..plus]} (commit {informational[(plus + 1)..]})";
    }

    /// <summary>Prints the text.</summary>
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Text());
        return 0;
    }
}
