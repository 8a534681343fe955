using System.Text.Json;
using FluentAssertions;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Xunit;
using PromptCapture.Protocols.OpenAIChat;

namespace PromptCapture.Tests.Protocols;

/// <summary>The verbatim-messages fallback is taken only for tool names SK would rename.</summary>
public sealed class ToolNamePatchesTests
{
    /// <summary>Parses a messages array.</summary>
    private static List<ChatMessage> Messages(string name) =>
        JsonSerializer.Deserialize($$$"""{"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"{{{name}}}","arguments":"{}"}}]}]}""",
            ChatJson.Context.ChatCompletionRequest)!.Messages!;

    /// <summary>Names in OpenAI's alphabet leave SK's rendering alone.</summary>
    [Theory]
    [InlineData("get_weather")]
    [InlineData("get-time")]
    public void Openai_names_keep_sk_rendering(string name)
    {
        var settings = new OpenAIPromptExecutionSettings();

        ToolNamePatches.Apply(Messages(name), settings);

        settings.ExtraBody.Should().BeNull();
    }

    /// <summary>A dotted name sends the client's messages verbatim.</summary>
    [Fact]
    public void Dotted_name_sends_messages_verbatim()
    {
        var settings = new OpenAIPromptExecutionSettings();

        ToolNamePatches.Apply(Messages("weather.get"), settings);

        var messages = (JsonElement)settings.ExtraBody!["messages"]!;
        messages[0].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString().Should().Be("weather.get");
    }
}
