using System.ClientModel;
using System.Text.Json;
using FluentAssertions;
using OpenAI;
using OpenAI.Chat;
using PromptCapture.Tests.Cli;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Merging;

/// <summary>Two gateway processes behind a (simulated) load balancer, each with its own database, merged into one.</summary>
public sealed class SeveralInstancesTests : IDisposable
{
    /// <summary>The working folder of both gateways and the merged file.</summary>
    private readonly TempFolder _folder = new("pc-instances-");

    /// <summary>
    /// A four-turn chat through the OpenAI .NET SDK, alternating between two `serve` processes (each turn resends the
    /// whole history, streamed and not), then `merge` of both files: `logs --json` and `logs -c` show every turn once,
    /// in order, as one conversation.
    /// </summary>
    [Fact]
    public async Task Conversation_split_over_two_gateway_processes_merges_into_one_whole_conversation()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await File.WriteAllTextAsync(_folder.File("providers.json"), $$"""
            {"defaultModel":"up","providers":[
              {"name":"up","type":"openai","endpoint":"{{upstream.BaseUrl}}","apiKeyEnv":"PC_INSTANCES_KEY","models":[{"alias":"up","model":"up-model"}]}]}
            """);
        var environment = new Dictionary<string, string> { ["PC_INSTANCES_KEY"] = "sk-instances" };
        string[] databases = [_folder.File("gw1.db"), _folder.File("gw2.db")];
        await using var first = GatewayProcess.Start(_folder.Path, environment, "serve", "--port", "0", "--db", databases[0]);
        await using var second = GatewayProcess.Start(_folder.Path, environment, "serve", "--port", "0", "--db", databases[1]);
        ChatClient[] instances =
        [
            Client(await first.WaitForAddressAsync()),
            Client(await second.WaitForAddressAsync()),
        ];
        string[] prompts = ["Name a pelican", "And a walrus?", "Now a seal", "Which is best?"];
        string[] answers = ["Percy", "Wallace", "Sid", "Percy, clearly"];
        var history = new List<ChatMessage> { new SystemChatMessage("Be brief.") };

        for (var turn = 0; turn < prompts.Length; turn++)
        {
            upstream.Enqueue(new FakeReply { Content = answers[turn] });
            history.Add(new UserChatMessage(prompts[turn]));
            var client = instances[turn % 2];
            string text;
            if (turn % 2 == 0)
            {
                text = (await client.CompleteChatAsync(history)).Value.Content[0].Text;
            }
            else
            {
                text = "";
                await foreach (var update in client.CompleteChatStreamingAsync(history))
                    text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            }
            text.Should().Be(answers[turn]);
            history.Add(new AssistantChatMessage(text));
        }
        first.Terminate();
        second.Terminate();
        (await first.WaitForExitAsync()).Should().Be(0, first.Output);
        (await second.WaitForExitAsync()).Should().Be(0, second.Output);

        var merged = _folder.File("logs.db");
        var merge = await CliRun.RunAsync(_folder.Path, null, ["merge", .. databases, "--into", merged]);
        var again = await CliRun.RunAsync(_folder.Path, null, ["merge", .. databases, "--into", merged]);
        var json = await CliRun.RunAsync(_folder.Path, null, "logs", "--json", "-n", "0", "--db", merged);
        var current = await CliRun.RunAsync(_folder.Path, null, "logs", "-c", "--json", "--db", merged);

        merge.ExitCode.Should().Be(0, merge.Stderr);
        merge.Stdout.Should().Contain("4 turns added");
        again.Stdout.Should().Contain("0 turns added (4 already there)");
        var all = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().ToList();
        all.Select(e => e.GetProperty("prompt").GetString()).Should().Equal(prompts);
        all.Select(e => e.GetProperty("response").GetString()).Should().Equal(answers);
        all.Select(e => e.GetProperty("conversation_id").GetString()).Distinct().Should().HaveCount(1);
        all.Select(e => e.GetProperty("system").GetString()).Should().AllBe("Be brief.");
        JsonDocument.Parse(current.Stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("response").GetString()).Should().Equal(answers);
        Db.Scalar(merged, "select count(*) from threads").Should().Be(1L);
        Db.Scalar(databases[0], "select count(*) from turns").Should().Be(2L);
        Db.Scalar(databases[1], "select count(*) from turns").Should().Be(2L);
    }

    /// <summary>An SDK client pointed at one gateway instance.</summary>
    private static ChatClient Client(string baseUrl) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(baseUrl) }).GetChatClient("up");

    /// <summary>Removes the folder.</summary>
    public void Dispose() => _folder.Dispose();
}
