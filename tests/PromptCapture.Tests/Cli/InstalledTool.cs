using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>
/// The gateway packed and installed as a user installs it (`dotnet pack`, then `dotnet tool install`), once per test
/// class, into a temporary tool path with a package cache of its own so no earlier package of the same version is used.
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
    /// <summary>Packing builds the project; on a busy two-core machine that can take a few minutes.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Everything this fixture makes: the package, the cache, the tool path.</summary>
    private readonly TempFolder _root = new("pc-tool-");

    /// <summary>The fixture's folder.</summary>
    public string Root => _root.Path;

    /// <summary>The installed `promptcapture` command.</summary>
    public string Executable => Path.Combine(Root, "tool", OperatingSystem.IsWindows() ? "promptcapture.exe" : "promptcapture");

    /// <summary>
    /// The environment the tool runs with: DOTNET_ROOT as a user's shell has it after installing .NET, so the tool's
    /// launcher finds the runtime these tests run on wherever it is installed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>Packs into Root/pack with the tests' own configuration (so the build is the one already made) and installs.</summary>
    public async Task InitializeAsync()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var project = Path.Combine(RepoRoot.Find(), "src", "PromptCapture");
        await RunAsync(cache: false, "pack", project, "-c", configuration, "-o", Path.Combine(Root, "pack"), "--nologo");
        var config = Path.Combine(Root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="packed" value="{Path.Combine(Root, "pack")}" /></packageSources></configuration>
            """);
        await RunAsync(cache: true, "tool", "install", "PromptCapture", "--tool-path", Path.Combine(Root, "tool"), "--configfile", config);
        Environment = PromptCapture.Cli.SystemdUnit.DotnetRoot() is { } root
            ? new Dictionary<string, string> { ["DOTNET_ROOT"] = root }
            : new Dictionary<string, string>();
    }

    /// <summary>Deletes everything the fixture made.</summary>
    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs one dotnet step in Root; <paramref name="cache"/> gives it a NuGet cache of its own (the install, so a
    /// cached package of the same version cannot stand in for the one just packed; the pack keeps the usual cache
    /// so it restores nothing). A failure carries the step's output.
    /// </summary>
    private async Task RunAsync(bool cache, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        if (cache)
            environment["NUGET_PACKAGES"] = Path.Combine(Root, "packages");
        await using var step = GatewayProcess.StartExecutable("dotnet", Root, environment, arguments);
        var exitCode = await step.WaitForExitAsync(StepTimeout);
        if (exitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited {exitCode}:\n{step.Output}");
    }
}
