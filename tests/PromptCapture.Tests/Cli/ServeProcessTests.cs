using System.Text.Json;
using FluentAssertions;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>The gateway as a user starts it: `serve` in a folder with providers.json and .env, stopped by SIGTERM.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly TempFolder _temp = new("pc-serve-");

    /// <summary>The working folder the gateway is started in.</summary>
    private string Folder => _temp.Path;

    /// <summary>Deletes the working folder.</summary>
    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// serve reads ./providers.json and the key from ./.env, answers the echo alias and a keyed upstream alias, and on
    /// SIGTERM mid-request lets the request finish, drains capture and exits 0.
    /// </summary>
    [Fact]
    public async Task Serve_uses_env_file_answers_and_drains_on_sigterm()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var release = new TaskCompletionSource();
        upstream.DefaultReply = new FakeReply { Content = "slow but complete", HoldAfterFirstChunk = release.Task };
        await File.WriteAllTextAsync(Path.Combine(Folder, "providers.json"), $$"""
            {"defaultModel":"echo","providers":[
              {"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]},
              {"name":"up","type":"openai","endpoint":"{{upstream.BaseUrl}}","apiKeyEnv":"PC_SERVE_TEST_KEY","models":[{"alias":"up","model":"up-model"}]}]}
            """);
        await File.WriteAllTextAsync(Path.Combine(Folder, ".env"), "PC_SERVE_TEST_KEY=sk-from-dotenv-file\n");
        var db = Path.Combine(Folder, "logs.db");
        await using var gateway = GatewayProcess.Start(Folder, null, "serve", "--port", "0", "--db", db);
        var baseUrl = await gateway.WaitForAddressAsync();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl.Replace("/v1", "")) };

        var echo = await http.PostChatAsync(Requests.Simple("echo", "hello process"));
        JsonDocument.Parse(await echo.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0]
            .GetProperty("message").GetProperty("content").GetString().Should().Be("hello process");

        using var streaming = await http.StreamUntilAsync(Requests.Simple("up", "take your time", stream: true), "slow");
        gateway.Terminate();
        release.SetResult();
        var rest = await streaming.Reader.ReadToEndAsync();
        var exitCode = await gateway.WaitForExitAsync();

        rest.Should().Contain("complete").And.Contain("[DONE]");
        exitCode.Should().Be(0, gateway.Output);
        upstream.Last.Headers["authorization"].Should().Be("Bearer sk-from-dotenv-file");
        Db.Scalar(db, "select count(*) from turns").Should().Be(2L);
        gateway.Output.Should().NotContain("sk-from-dotenv-file");

        await using var logs = GatewayProcess.Start(Folder, null, "logs", "--db", db, "-n", "2");
        (await logs.WaitForExitAsync()).Should().Be(0);
        logs.Output.Should().Contain("## Prompt").And.Contain("hello process").And.Contain("take your time").And.Contain("slow but complete");
        await using var json = GatewayProcess.Start(Folder, null, "logs", "--db", db, "--json", "-n", "1");
        (await json.WaitForExitAsync()).Should().Be(0);
        JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single().GetProperty("model").GetString().Should().Be("up");
    }

    /// <summary>`logs path` prints llm's own location, following LLM_USER_PATH as `llm logs path` does.</summary>
    [Fact]
    public async Task Logs_path_follows_llm_user_path()
    {
        await using var process = GatewayProcess.Start(Folder, new Dictionary<string, string> { ["LLM_USER_PATH"] = Path.Combine(Folder, "llm-home") }, "logs", "path");

        (await process.WaitForExitAsync()).Should().Be(0);
        process.Output.Trim().Should().Be(Path.Combine(Folder, "llm-home", "logs.db"));
    }

    /// <summary>A broken providers.json stops serve at start with a message naming the file and field, exit code 2.</summary>
    [Fact]
    public async Task Serve_refuses_bad_providers_file()
    {
        await File.WriteAllTextAsync(Path.Combine(Folder, "providers.json"), """{"defaultModel":"a","providers":[{"name":"p","type":"gemini","models":[{"alias":"a","model":"m"}]}]}""");
        await using var gateway = GatewayProcess.Start(Folder, null, "serve", "--port", "0", "--no-log");

        var exitCode = await gateway.WaitForExitAsync();

        exitCode.Should().Be(2);
        gateway.Output.Should().Contain("providers.json").And.Contain("provider \"p\"").And.Contain("\"type\"");
    }

    /// <summary>Binding beyond loopback without a gateway key prints a loud warning; with a key it does not.</summary>
    [Fact]
    public async Task Exposed_bind_without_key_warns_loudly()
    {
        await File.WriteAllTextAsync(Path.Combine(Folder, "providers.json"),
            """{"defaultModel":"echo","providers":[{"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]}]}""");
        await using var open = GatewayProcess.Start(Folder, null, "serve", "--host", "0.0.0.0", "--port", "0", "--no-log");
        await using var keyed = GatewayProcess.Start(Folder, null, "serve", "--host", "0.0.0.0", "--port", "0", "--no-log", "--api-key", "k1");

        await open.WaitForAddressAsync();
        await keyed.WaitForAddressAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(open.Output.Contains("Gateway keys", StringComparison.Ordinal) && keyed.Output.Contains("Gateway keys", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(20);

        open.Output.Should().Contain("WITHOUT a gateway key");
        keyed.Output.Should().NotContain("WITHOUT a gateway key").And.Contain("1 configured");
    }

    /// <summary>PROMPT_CAPTURE_PORT alone chooses the port, as a service's environment file would set it.</summary>
    [Fact]
    public async Task Serve_listens_on_port_from_environment_variable()
    {
        await File.WriteAllTextAsync(Path.Combine(Folder, "providers.json"),
            """{"defaultModel":"echo","providers":[{"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]}]}""");
        var port = FreePort();
        await using var gateway = GatewayProcess.Start(Folder, new Dictionary<string, string> { ["PROMPT_CAPTURE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "serve", "--no-log");

        var address = await gateway.WaitForAddressAsync();
        using var http = new HttpClient { BaseAddress = new Uri(address.Replace("/v1", "")) };
        var answer = await http.PostChatAsync(Requests.Simple("echo", "port from env"));

        address.Should().Be($"http://127.0.0.1:{port}/v1");
        answer.IsSuccessStatusCode.Should().BeTrue();
    }

    /// <summary>Every command's help shows usage examples as a user types them now that the gateway is a tool.</summary>
    [Theory]
    [InlineData("serve", "promptcapture serve --port 11435")]
    [InlineData("models", "promptcapture models")]
    [InlineData("logs", "promptcapture logs -n 10")]
    public async Task Help_shows_usage_examples(string command, string example)
    {
        await using var process = GatewayProcess.Start(Folder, null, command, "--help");

        (await process.WaitForExitAsync()).Should().Be(0);
        process.Output.Should().Contain("Examples:").And.Contain(example);
    }

    /// <summary>serve --help is the whole configuration reference: every option shows the variable that also sets it.</summary>
    [Fact]
    public async Task Serve_help_names_the_variable_of_each_option()
    {
        await using var process = GatewayProcess.Start(Folder, null, "serve", "--help");

        (await process.WaitForExitAsync()).Should().Be(0);
        foreach (var setting in PromptCapture.Hosting.ServeSettings.All)
            process.Output.Should().Contain(setting.Flag).And.Contain($"[env: {setting.Variable}]");
    }

    /// <summary>A port nobody listens on right now (the OS picks it; released before the gateway binds it).</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
