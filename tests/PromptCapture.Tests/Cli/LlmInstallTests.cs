using FluentAssertions;
using PromptCapture.Tests.Capture;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>
/// `llm install` / `llm uninstall` as a user runs them, on a copy of an extra-openai-models.yaml a user wrote by hand
/// (Fixtures/llm-yaml: comments, several quoting styles, a one-line entry, a block scalar, and an entry of their own
/// named like a gateway alias), in an LLM_USER_PATH of the test's own.
/// </summary>
public sealed class LlmInstallTests : IDisposable
{
    /// <summary>The user's file as they wrote it.</summary>
    private static readonly string UsersFile = Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "Fixtures", "llm-yaml", "extra-openai-models.yaml");

    /// <summary>Working folder and llm user directory.</summary>
    private readonly TempFolder _folder = new("pc-llm-");

    /// <summary>Two aliases: one the user's file already has (echo), one it does not.</summary>
    public LlmInstallTests()
    {
        Directory.CreateDirectory(_folder.File("llm"));
        File.WriteAllText(_folder.File("providers.json"), """
            { "defaultModel": "echo", "providers": [
              { "name": "echo", "type": "echo", "models": [ { "alias": "echo", "model": "echo" }, { "alias": "my-echo", "model": "echo" } ] } ] }
            """);
    }

    /// <summary>Removes the folder.</summary>
    public void Dispose() => _folder.Dispose();

    /// <summary>The file install writes in the user directory.</summary>
    private string ModelsFile => _folder.File("llm", "extra-openai-models.yaml");

    /// <summary>Our entry for one alias, exactly as it should read.</summary>
    private static string Entry(string alias, string apiBase = "http://127.0.0.1:11435/v1", bool key = false) => $"""
        - model_id: "{alias}"
          model_name: "{alias}"
          api_base: "{apiBase}"
        {(key ? "  api_key_name: \"promptcapture\"\n" : "")}  headers:
            X-PromptCapture-No-Capture: "llm"
          can_stream: true
          supports_tools: true
          supports_schema: true
          vision: true

        """;

    /// <summary>The user's entries and comments stay byte for byte; ours follow them; their own "echo" is not touched.</summary>
    [Fact]
    public async Task Install_appends_one_entry_per_alias_and_keeps_the_users_file()
    {
        File.Copy(UsersFile, ModelsFile);

        var output = await RunAsync("llm", "install");

        (await File.ReadAllTextAsync(ModelsFile)).Should().Be(await File.ReadAllTextAsync(UsersFile) + Entry("my-echo"));
        output.Should().Contain("Skipped echo").And.Contain("X-PromptCapture-No-Capture: llm").And.NotContain("llm keys set");
    }

    /// <summary>A second install, even with another port, replaces only what the first wrote.</summary>
    [Fact]
    public async Task Install_twice_is_idempotent()
    {
        File.Copy(UsersFile, ModelsFile);
        await RunAsync("llm", "install", "--port", "9000");
        var once = await File.ReadAllTextAsync(ModelsFile);

        var output = await RunAsync("llm", "install", "--port", "9000");

        (await File.ReadAllTextAsync(ModelsFile)).Should().Be(once);
        output.Should().StartWith("Already up to date");
        await RunAsync("llm", "install");
        (await File.ReadAllTextAsync(ModelsFile)).Should().Be(await File.ReadAllTextAsync(UsersFile) + Entry("my-echo"));
    }

    /// <summary>Uninstall leaves the user's file exactly as it was before install.</summary>
    [Fact]
    public async Task Uninstall_restores_the_users_file_byte_for_byte()
    {
        File.Copy(UsersFile, ModelsFile);
        await RunAsync("llm", "install", "--api-key", "k1");

        var output = await RunAsync("llm", "uninstall");

        (await File.ReadAllBytesAsync(ModelsFile)).Should().Equal(await File.ReadAllBytesAsync(UsersFile));
        output.Should().Contain("Removed 1 model (my-echo)");
        (await RunAsync("llm", "uninstall")).Should().Contain("nothing to remove");
    }

    /// <summary>With gateway keys on (here from the variable serve reads) entries name an llm key, never the key itself.</summary>
    [Fact]
    public async Task Api_key_name_is_written_only_when_gateway_keys_are_on()
    {
        var withKeys = await RunAsync(new Dictionary<string, string> { ["PROMPT_CAPTURE_API_KEY"] = "sk-gateway-secret" }, "llm", "install");
        var keyed = await File.ReadAllTextAsync(ModelsFile);
        await RunAsync("llm", "install");
        var open = await File.ReadAllTextAsync(ModelsFile);

        keyed.Should().Be(Entry("echo", key: true) + Entry("my-echo", key: true)).And.NotContain("sk-gateway-secret");
        withKeys.Should().Contain("llm keys set promptcapture");
        open.Should().Be(Entry("echo") + Entry("my-echo"));
    }

    /// <summary>serve's host and port variables count; a wildcard bind address is reached through loopback.</summary>
    [Fact]
    public async Task Install_uses_serves_effective_host_and_port()
    {
        await RunAsync(new Dictionary<string, string> { ["PROMPT_CAPTURE_HOST"] = "0.0.0.0", ["PROMPT_CAPTURE_PORT"] = "18080" }, "llm", "install");

        (await File.ReadAllTextAsync(ModelsFile)).Should().Be(Entry("echo", "http://127.0.0.1:18080/v1") + Entry("my-echo", "http://127.0.0.1:18080/v1"));
    }

    /// <summary>A file install created is gone after uninstall, so llm is back to where it started.</summary>
    [Fact]
    public async Task Uninstall_deletes_a_file_only_install_wrote()
    {
        await RunAsync("llm", "install");

        (await RunAsync("llm", "uninstall")).Should().Contain("deleted");

        File.Exists(ModelsFile).Should().BeFalse();
    }

    /// <summary>llm's own loader (yaml.safe_load, then the keys its openai plugin reads) sees the user's models and ours.</summary>
    [Fact]
    public async Task Installed_file_loads_as_llm_loads_it()
    {
        File.Copy(UsersFile, ModelsFile);
        await RunAsync("llm", "install");

        var loaded = PythonRunner.RunOnFile("""
            import sys, yaml
            for m in yaml.safe_load(open(sys.argv[1])):
                flags = [k for k in ("can_stream", "supports_tools", "supports_schema", "vision") if m.get(k) is True]
                print(m["model_id"], m["model_name"], m.get("api_base"), m.get("api_key_name"), m.get("headers"), " ".join(flags))
            """, ModelsFile);

        loaded.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "orca-openai-compat orca-mini-3b.ggmlv3 http://localhost:8080 None None ",
            "claude anthropic/claude-2 https://openrouter.ai/api/v1 openrouter {'HTTP-Referer': 'https://llm.datasette.io/', 'X-Title': 'LLM'} ",
            "flow-style tiny http://127.0.0.1:9000/v1 None None ",
            "echo echo http://example.invalid/v1 None None supports_tools",
            "my-echo my-echo http://127.0.0.1:11435/v1 None {'X-PromptCapture-No-Capture': 'llm'} can_stream supports_tools supports_schema vision");
    }

    /// <summary>A file we cannot merge into without rewriting the user's text is refused and left alone.</summary>
    [Fact]
    public async Task A_one_line_list_is_refused_and_left_untouched()
    {
        const string oneLine = "[{model_id: mine, model_name: mine}]\n";
        await File.WriteAllTextAsync(ModelsFile, oneLine);

        var (exitCode, _, stderr) = await CliRun.RunAsync(_folder.Path, Environment(null), "llm", "install", "--providers", _folder.File("providers.json"));

        exitCode.Should().Be(2);
        stderr.Should().Contain(ModelsFile).And.Contain("one line");
        (await File.ReadAllTextAsync(ModelsFile)).Should().Be(oneLine);
    }

    /// <summary>Runs the CLI in the folder with llm's user directory there; it must exit 0.</summary>
    private Task<string> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    /// <summary>Runs the CLI with extra environment; install gets the test's providers.json.</summary>
    private async Task<string> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        string[] full = arguments is ["llm", "install", ..] ? [.. arguments, "--providers", _folder.File("providers.json")] : arguments;
        var (exitCode, stdout, stderr) = await CliRun.RunAsync(_folder.Path, Environment(environment), full);
        exitCode.Should().Be(0, stderr);
        return stdout;
    }

    /// <summary>LLM_USER_PATH in the folder, serve's variables cleared unless the test sets them.</summary>
    private Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["LLM_USER_PATH"] = _folder.File("llm"),
            ["PROMPT_CAPTURE_HOST"] = "",
            ["PROMPT_CAPTURE_PORT"] = "",
            ["PROMPT_CAPTURE_API_KEY"] = "",
            ["PROMPT_CAPTURE_ENV_FILE"] = "",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
            environment[name] = value;
        return environment;
    }
}
