using System.Text.Json;
using FluentAssertions;
using PromptCapture.Errors;
using Xunit;
using PromptCapture.Protocols.OpenAIChat;

namespace PromptCapture.Tests.Protocols;

/// <summary>Every option lands in the right place of SK's settings, and in the capture's options list.</summary>
public sealed class ExecutionSettingsTranslatorTests
{
    /// <summary>Parses a request body.</summary>
    private static ChatCompletionRequest Request(string json) => JsonSerializer.Deserialize(json, ChatJson.Context.ChatCompletionRequest)!;

    /// <summary>Typed options go to SK's typed settings.</summary>
    [Fact]
    public void Typed_options_map_to_settings()
    {
        var (settings, options) = ExecutionSettingsTranslator.Translate(Request("""
            {"temperature":0.2,"top_p":0.5,"max_completion_tokens":9,"stop":"X","seed":3,"presence_penalty":1,"frequency_penalty":-1,
             "user":"u","logprobs":true,"top_logprobs":4,"logit_bias":{"50256":-100}}
            """));

        settings.Temperature.Should().Be(0.2);
        settings.TopP.Should().Be(0.5);
        settings.MaxTokens.Should().Be(9);
        settings.StopSequences.Should().Equal("X");
        settings.Seed.Should().Be(3);
        settings.PresencePenalty.Should().Be(1);
        settings.FrequencyPenalty.Should().Be(-1);
        settings.User.Should().Be("u");
        settings.Logprobs.Should().BeTrue();
        settings.TopLogprobs.Should().Be(4);
        settings.TokenSelectionBiases.Should().ContainKey(50256).WhoseValue.Should().Be(-100);
        settings.ExtraBody.Should().BeNull();
        options.Select(o => o.Key).Should().Equal("temperature", "top_p", "max_completion_tokens", "stop", "seed", "presence_penalty",
            "frequency_penalty", "user", "logprobs", "top_logprobs", "logit_bias");
    }

    /// <summary>Fields SK would rebuild travel verbatim in ExtraBody.</summary>
    [Fact]
    public void Tools_format_max_tokens_and_unknown_fields_go_to_extra_body()
    {
        var (settings, _) = ExecutionSettingsTranslator.Translate(Request("""
            {"max_tokens":5,"n":1,"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"},"strict":true}}],
             "tool_choice":"required","parallel_tool_calls":false,"response_format":{"type":"json_object"},"custom_flag":{"a":[1]}}
            """));

        var extra = settings.ExtraBody!;
        extra["max_tokens"].Should().Be(5);
        extra["n"].Should().Be(1);
        ((JsonElement)extra["tools"]!).GetRawText().Should().Contain("\"strict\":true");
        ((JsonElement)extra["tool_choice"]!).GetString().Should().Be("required");
        extra["parallel_tool_calls"].Should().Be(false);
        ((JsonElement)extra["response_format"]!).GetRawText().Should().Be("""{"type":"json_object"}""");
        ((JsonElement)extra["custom_flag"]!).GetRawText().Should().Be("""{"a":[1]}""");
        settings.MaxTokens.Should().BeNull();
    }

    /// <summary>Nothing set means nothing sent.</summary>
    [Fact]
    public void No_options_means_empty_settings()
    {
        var (settings, options) = ExecutionSettingsTranslator.Translate(Request("{}"));

        settings.Temperature.Should().BeNull();
        settings.ExtraBody.Should().BeNull();
        options.Should().BeEmpty();
    }

    /// <summary>n above one is refused clearly.</summary>
    [Fact]
    public void N_above_one_is_rejected()
    {
        var act = () => ExecutionSettingsTranslator.Translate(Request("""{"n":3}"""));

        act.Should().Throw<InvalidRequestException>().Which.Param.Should().Be("n");
    }

    /// <summary>A logit_bias key that is not a token id is refused.</summary>
    [Fact]
    public void Non_numeric_logit_bias_key_is_rejected()
    {
        var act = () => ExecutionSettingsTranslator.Translate(Request("""{"logit_bias":{"abc":1}}"""));

        act.Should().Throw<InvalidRequestException>().Which.Param.Should().Be("logit_bias");
    }
}
