using System.Diagnostics;
using System.Text.Json;

namespace PromptCapture.Tests.Fakes;

/// <summary>Runs tests/PromptCapture.Tests/node/client.mjs: one request through the official openai npm package.</summary>
public static class NodeClient
{
    /// <summary>The folder holding client.mjs and its node_modules (installed by the test project's build).</summary>
    private static string Folder => Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "node");

    /// <summary>Sends <paramref name="request"/> (a chat.completions.create body) to <paramref name="baseUrl"/>; returns the script's JSON.</summary>
    public static Task<JsonElement> SendAsync(string baseUrl, string request) => RunAsync("client.mjs", [baseUrl], request);

    /// <summary>Runs one of the node scripts with arguments (and stdin); returns the JSON it prints.</summary>
    public static async Task<JsonElement> RunAsync(string script, string[] arguments, string stdin = "")
    {
        var start = new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"node {script} exited {process.ExitCode}: {await error}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
