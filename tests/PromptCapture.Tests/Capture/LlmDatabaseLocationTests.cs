using FluentAssertions;
using PromptCapture.Capture.Store;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>Environment-changing tests run alone so no other test sees the variables.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;

/// <summary>Where logs.db is found, the way <c>llm logs path</c> finds it.</summary>
[Collection(nameof(EnvironmentCollection))]
public class LlmDatabaseLocationTests
{
    /// <summary>Runs an action with environment variables set, restoring them afterwards.</summary>
    private static void WithEnvironment(IReadOnlyDictionary<string, string?> variables, Action action)
    {
        var saved = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (key, value) in variables) Environment.SetEnvironmentVariable(key, value);
            action();
        }
        finally
        {
            foreach (var (key, value) in saved) Environment.SetEnvironmentVariable(key, value);
        }
    }

    /// <summary>Llm user path wins and is created.</summary>
    [Fact]
    public void Llm_user_path_wins_and_is_created()
    {
        using var db = new TempDatabase();
        var userPath = Path.Combine(db.Directory, "llm-home");
        WithEnvironment(new Dictionary<string, string?> { ["LLM_USER_PATH"] = userPath }, () =>
        {
            LlmDatabaseLocation.DefaultDatabasePath().Should().Be(Path.Combine(userPath, "logs.db"));
            Directory.Exists(userPath).Should().BeTrue();
            LlmDatabaseLocation.Resolve(null).Should().Be(Path.Combine(userPath, "logs.db"));
        });
    }

    /// <summary>Linux uses xdg config home.</summary>
    [Fact]
    public void Linux_uses_xdg_config_home()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var db = new TempDatabase();
        WithEnvironment(new Dictionary<string, string?> { ["LLM_USER_PATH"] = null, ["XDG_CONFIG_HOME"] = db.Directory }, () =>
            LlmDatabaseLocation.DefaultDatabasePath(createDirectory: false)
                .Should().Be(Path.Combine(db.Directory, "io.datasette.llm", "logs.db")));
    }

    /// <summary>Explicit path is used as given.</summary>
    [Fact]
    public void Explicit_path_is_used_as_given()
    {
        using var db = new TempDatabase();
        LlmDatabaseLocation.Resolve(db.Path).Should().Be(db.Path);
        LlmDatabaseLocation.IsLoggingOff(db.Path).Should().BeFalse();
        File.WriteAllText(Path.Combine(db.Directory, "logs-off"), "");
        LlmDatabaseLocation.IsLoggingOff(db.Path).Should().BeTrue();
    }
}
