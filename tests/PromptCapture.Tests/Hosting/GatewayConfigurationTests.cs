using FluentAssertions;
using PromptCapture.Hosting;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Hosting;

/// <summary>The resolver alone: which layer wins for each serve setting, and where files are looked up.</summary>
public sealed class GatewayConfigurationTests : IDisposable
{
    private readonly TempFolder _root = new("pc-config-");

    /// <summary>Three empty folders standing for the working folder, the config folder and the shipped files.</summary>
    public GatewayConfigurationTests()
    {
        Locations = new ConfigLocations(_root.File("cwd"), _root.File("config"), _root.File("shipped"));
        Directory.CreateDirectory(Locations.WorkingDirectory);
        Directory.CreateDirectory(Locations.ConfigDirectory);
        Directory.CreateDirectory(Locations.ShippedDirectory);
    }

    private ConfigLocations Locations { get; }

    /// <summary>Deletes the folders.</summary>
    public void Dispose() => _root.Dispose();

    /// <summary>Each layer sets a different value for every setting; the top layer present must win.</summary>
    [Fact]
    public void Flag_beats_environment_beats_env_file_beats_default()
    {
        var environment = new Dictionary<string, string>
        {
            ["PROMPT_CAPTURE_HOST"] = "10.0.0.2", ["PROMPT_CAPTURE_PORT"] = "2002", ["PROMPT_CAPTURE_DB"] = "/env/logs.db",
            ["PROMPT_CAPTURE_NO_LOG"] = "false", ["PROMPT_CAPTURE_MAX_BODY_MB"] = "2", ["PROMPT_CAPTURE_API_KEY"] = "env-a, env-b",
            ["PROMPT_CAPTURE_PROVIDERS"] = "/env/providers.json",
        };
        var envFile = new Dictionary<string, string>
        {
            ["PROMPT_CAPTURE_HOST"] = "10.0.0.3", ["PROMPT_CAPTURE_PORT"] = "3003", ["PROMPT_CAPTURE_DB"] = "/file/logs.db",
            ["PROMPT_CAPTURE_NO_LOG"] = "yes", ["PROMPT_CAPTURE_MAX_BODY_MB"] = "3", ["PROMPT_CAPTURE_API_KEY"] = "file-key",
            ["PROMPT_CAPTURE_PROVIDERS"] = "/file/providers.json",
        };
        var flags = new ServeFlags
        {
            Host = "10.0.0.1", Port = 1001, Database = "/flag/logs.db", NoLog = true, MaxBodyMb = 1, ApiKeys = ["flag-key"],
            Providers = "/flag/providers.json",
        };

        var fromFlags = Resolve(flags, environment, envFile);
        var fromEnvironment = Resolve(new ServeFlags(), environment, envFile);
        var fromFile = Resolve(new ServeFlags(), [], envFile);
        var fromDefaults = Resolve(new ServeFlags(), [], []);

        fromFlags.Should().BeEquivalentTo(new { Host = "10.0.0.1", Port = 1001, DatabasePath = "/flag/logs.db", NoLog = true, MaxBodyBytes = 1L << 20, ApiKeys = new[] { "flag-key" }, ProvidersPath = "/flag/providers.json" });
        fromEnvironment.Should().BeEquivalentTo(new { Host = "10.0.0.2", Port = 2002, DatabasePath = "/env/logs.db", NoLog = false, MaxBodyBytes = 2L << 20, ApiKeys = new[] { "env-a", "env-b" }, ProvidersPath = "/env/providers.json" });
        fromFile.Should().BeEquivalentTo(new { Host = "10.0.0.3", Port = 3003, DatabasePath = "/file/logs.db", NoLog = true, MaxBodyBytes = 3L << 20, ApiKeys = new[] { "file-key" }, ProvidersPath = "/file/providers.json" });
        var defaults = new GatewayOptions();
        fromDefaults.Should().BeEquivalentTo(new { defaults.Host, defaults.Port, defaults.DatabasePath, defaults.NoLog, defaults.MaxBodyBytes, defaults.ApiKeys },
            "with nothing set, every value is the one GatewayOptions starts with");
    }

    /// <summary>An empty variable (as `PROMPT_CAPTURE_PORT= serve` or a blank .env line gives) counts as unset, not as an error.</summary>
    [Fact]
    public void Empty_variable_falls_through_to_the_next_layer()
    {
        var options = Resolve(new ServeFlags(), new() { ["PROMPT_CAPTURE_PORT"] = "" }, new() { ["PROMPT_CAPTURE_PORT"] = "4004" });

        options.Port.Should().Be(4004);
    }

    /// <summary>--no-viewer and --viewer beat PROMPT_CAPTURE_VIEWER (from the environment or .env), which beats auto.</summary>
    [Theory]
    [InlineData(null, null, null, PromptCapture.Viewer.ViewerMode.Auto)]
    [InlineData(true, null, "off", PromptCapture.Viewer.ViewerMode.On)]
    [InlineData(null, true, "on", PromptCapture.Viewer.ViewerMode.Off)]
    [InlineData(null, null, "on", PromptCapture.Viewer.ViewerMode.On)]
    [InlineData(null, null, "0", PromptCapture.Viewer.ViewerMode.Off)]
    [InlineData(null, null, "AUTO", PromptCapture.Viewer.ViewerMode.Auto)]
    public void Viewer_flags_beat_the_viewer_variable(bool? viewer, bool? noViewer, string? variable, PromptCapture.Viewer.ViewerMode expected)
    {
        var environment = variable is null ? new Dictionary<string, string>() : new() { ["PROMPT_CAPTURE_VIEWER"] = variable };

        Resolve(new ServeFlags { Viewer = viewer, NoViewer = noViewer }, environment, []).Viewer.Should().Be(expected);
    }

    /// <summary>Forcing the viewer on and off at once is a typo to point out, not a coin toss.</summary>
    [Fact]
    public void Viewer_and_no_viewer_together_are_refused()
    {
        var act = () => Resolve(new ServeFlags { Viewer = true, NoViewer = true }, [], []);

        act.Should().Throw<SettingException>().WithMessage("*--viewer and --no-viewer contradict*");
    }

    /// <summary>A value that is not usable stops serve with the variable and where it was set, not a stack trace.</summary>
    [Theory]
    [InlineData("PROMPT_CAPTURE_PORT", "eleven", "PROMPT_CAPTURE_PORT (environment) is 'eleven'")]
    [InlineData("PROMPT_CAPTURE_PORT", "70000", "between 0 and 65535")]
    [InlineData("PROMPT_CAPTURE_MAX_BODY_MB", "0", "PROMPT_CAPTURE_MAX_BODY_MB (environment) is '0'")]
    [InlineData("PROMPT_CAPTURE_NO_LOG", "maybe", "use 1, true, yes, on")]
    [InlineData("PROMPT_CAPTURE_VIEWER", "maybe", "PROMPT_CAPTURE_VIEWER (environment) is 'maybe': use on, off or auto")]
    public void Unusable_variable_is_reported_with_its_origin(string variable, string value, string message)
    {
        var act = () => Resolve(new ServeFlags(), new() { [variable] = value }, []);

        act.Should().Throw<SettingException>().WithMessage($"*{message}*");
    }

    /// <summary>Allowed hosts and origins: flags replace the comma-separated variable; values are normalised to what the checks compare.</summary>
    [Fact]
    public void Allowed_hosts_and_origins_come_from_flags_or_variables_normalised()
    {
        var environment = new Dictionary<string, string>
        {
            ["PROMPT_CAPTURE_ALLOWED_HOSTS"] = "Gateway.LAN:11435, [fe80::1], 10.0.0.5 ,",
            ["PROMPT_CAPTURE_ORIGINS"] = "http://localhost:5173/,https://App.Example:443",
        };

        var fromEnvironment = Resolve(new ServeFlags(), environment, []);
        var fromFlags = Resolve(new ServeFlags { AllowedHosts = ["box.local"], AllowedOrigins = ["*"] }, environment, []);

        fromEnvironment.AllowedHosts.Should().Equal("gateway.lan", "fe80::1", "10.0.0.5");
        fromEnvironment.AllowedOrigins.Should().Equal("http://localhost:5173", "https://app.example");
        fromFlags.AllowedHosts.Should().Equal("box.local");
        fromFlags.AllowedOrigins.Should().Equal("*");
    }

    /// <summary>A URL given as a host, or a path given as an origin, stops serve naming the flag or variable.</summary>
    [Theory]
    [InlineData("PROMPT_CAPTURE_ALLOWED_HOSTS", "http://gateway.lan", "PROMPT_CAPTURE_ALLOWED_HOSTS (environment) 'http://gateway.lan': give a host name*")]
    [InlineData("PROMPT_CAPTURE_ORIGINS", "https://app.example/chat", "PROMPT_CAPTURE_ORIGINS (environment) 'https://app.example/chat': give an origin*")]
    [InlineData("PROMPT_CAPTURE_ORIGINS", "app.example", "*give an origin*")]
    public void Unusable_host_or_origin_is_reported(string variable, string value, string message)
    {
        var act = () => Resolve(new ServeFlags(), new() { [variable] = value }, []);
        var flag = () => Resolve(new ServeFlags { AllowedHosts = ["a/b"] }, [], []);

        act.Should().Throw<SettingException>().WithMessage(message);
        flag.Should().Throw<SettingException>().WithMessage("--allowed-host 'a/b'*");
    }

    /// <summary>--embeddings-db beats PROMPT_CAPTURE_EMBEDDINGS_DB, relative to the working folder; neither means beside logs.db (null).</summary>
    [Fact]
    public void Embeddings_database_flag_and_variable_set_the_path()
    {
        Resolve(new ServeFlags(), [], []).EmbeddingsDatabasePath.Should().BeNull();
        Resolve(new ServeFlags { EmbeddingsDatabase = "emb.db" }, new() { ["PROMPT_CAPTURE_EMBEDDINGS_DB"] = "/env/emb.db" }, []).EmbeddingsDatabasePath
            .Should().Be(Path.Combine(Locations.WorkingDirectory, "emb.db"));
        Resolve(new ServeFlags(), new() { ["PROMPT_CAPTURE_EMBEDDINGS_DB"] = "/env/emb.db" }, []).EmbeddingsDatabasePath.Should().Be("/env/emb.db");
    }

    /// <summary>A relative --db is taken from the folder the command was typed in; ~ in a variable means home, as a shell would expand it.</summary>
    [Fact]
    public void Relative_and_home_paths_are_made_absolute()
    {
        Resolve(new ServeFlags { Database = "captures.db" }, [], []).DatabasePath.Should().Be(Path.Combine(Locations.WorkingDirectory, "captures.db"));
        Resolve(new ServeFlags(), new() { ["PROMPT_CAPTURE_DB"] = "~/captures.db" }, []).DatabasePath
            .Should().Be(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "captures.db"));
    }

    /// <summary>A tool install has no providers.json beside the user: the config folder's is used, else the shipped one.</summary>
    [Fact]
    public void Providers_file_is_looked_up_in_working_then_config_then_shipped_folder()
    {
        var none = Resolve(new ServeFlags(), [], []).ProvidersPath;
        var shipped = Touch(Locations.ShippedDirectory, "providers.json");
        var afterShipped = Resolve(new ServeFlags(), [], []).ProvidersPath;
        var config = Touch(Locations.ConfigDirectory, "providers.json");
        var afterConfig = Resolve(new ServeFlags(), [], []).ProvidersPath;
        var working = Touch(Locations.WorkingDirectory, "providers.json");
        var afterWorking = Resolve(new ServeFlags(), [], []).ProvidersPath;

        none.Should().Be(Path.Combine(Locations.WorkingDirectory, "providers.json"), "the error then names the file the user most likely meant");
        afterShipped.Should().Be(shipped);
        afterConfig.Should().Be(config);
        afterWorking.Should().Be(working);
    }

    /// <summary>./.env wins over the config folder's .env; a file asked for by name must exist.</summary>
    [Fact]
    public void Env_file_is_looked_up_in_working_then_config_folder()
    {
        File.WriteAllText(Path.Combine(Locations.ConfigDirectory, ".env"), "PROMPT_CAPTURE_PORT=5005\n");
        var fromConfig = GatewayConfiguration.Sources(new ServeFlags(), _ => null, Locations);
        File.WriteAllText(Path.Combine(Locations.WorkingDirectory, ".env"), "PROMPT_CAPTURE_PORT=6006\n");
        var fromWorking = GatewayConfiguration.Sources(new ServeFlags(), _ => null, Locations);
        var missing = () => GatewayConfiguration.Sources(new ServeFlags { EnvFile = "nope.env" }, _ => null, Locations);

        GatewayConfiguration.Resolve(new ServeFlags(), fromConfig, Locations).Port.Should().Be(5005);
        GatewayConfiguration.Resolve(new ServeFlags(), fromWorking, Locations).Port.Should().Be(6006);
        fromWorking.EnvFilePath.Should().Be(Path.Combine(Locations.WorkingDirectory, ".env"));
        missing.Should().Throw<SettingException>().WithMessage("*--env-file*nope.env does not exist*");
    }

    /// <summary>Resolves against dictionaries standing for the environment and the .env file.</summary>
    private GatewayOptions Resolve(ServeFlags flags, Dictionary<string, string> environment, Dictionary<string, string> envFile) =>
        GatewayConfiguration.Resolve(flags, new SettingSources(environment.GetValueOrDefault, envFile, "/test/.env"), Locations);

    /// <summary>Creates an empty file and returns its path.</summary>
    private static string Touch(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "{}");
        return path;
    }
}
