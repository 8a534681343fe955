using System.Text.Json;
using FluentAssertions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using PromptCapture.Exchange;
using PromptCapture.Errors;
using Xunit;
using PromptCapture.Protocols.OpenAIChat;

namespace PromptCapture.Tests.Protocols;

/// <summary>Each role and content-part kind becomes the right SK message and capture view.</summary>
public sealed class MessageTranslatorTests
{
    /// <summary>Parses a messages array.</summary>
    private static List<PromptCapture.Protocols.OpenAIChat.ChatMessage> Messages(string json) =>
        JsonSerializer.Deserialize($$"""{"messages":{{json}}}""", ChatJson.Context.ChatCompletionRequest)!.Messages!;

    /// <summary>Every role maps to its SK author role; names are kept.</summary>
    [Fact]
    public void Every_role_maps_to_sk_role()
    {
        var (history, captured) = MessageTranslator.Translate(Messages("""
            [{"role":"system","content":"s"},{"role":"developer","content":"d"},{"role":"user","content":"u","name":"ann"},
             {"role":"assistant","content":"a"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get-weather","arguments":"{\"city\":\"Oslo\"}"}}]},
             {"role":"tool","tool_call_id":"c1","content":"cold"}]
            """));

        history.Select(m => m.Role).Should().Equal(AuthorRole.System, AuthorRole.Developer, AuthorRole.User, AuthorRole.Assistant, AuthorRole.Assistant, AuthorRole.Tool);
        history[2].AuthorName.Should().Be("ann");
        history[0].Content.Should().Be("s");
        var calls = (IList<OpenAI.Chat.ChatToolCall>)history[4].Metadata![MessageTranslator.ToolCallsMetadataKey]!;
        calls.Should().ContainSingle();
        calls[0].FunctionName.Should().Be("get-weather");
        calls[0].FunctionArguments.ToString().Should().Be("""{"city":"Oslo"}""");
        var result = history[5].Items.OfType<FunctionResultContent>().Single();
        result.CallId.Should().Be("c1");
        result.Result.Should().Be("cold");
        captured[4].Parts.Single().Should().Be(new ExchangePart(ExchangePartKind.ToolCall, ToolName: "get-weather", ToolCallId: "c1", Arguments: """{"city":"Oslo"}"""));
        captured[5].Parts.Single().ToolName.Should().Be("get-weather");
        captured.Select(m => m.Role).Should().Equal("system", "developer", "user", "assistant", "assistant", "tool");
    }

    /// <summary>User content parts stay parts: text, data-URL image (bytes) and http image (URL) with detail.</summary>
    [Fact]
    public void User_content_parts_stay_parts()
    {
        var (history, captured) = MessageTranslator.Translate(Messages("""
            [{"role":"user","content":[{"type":"text","text":"What is this?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,aGVsbG8=","detail":"low"}},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]
            """));

        var items = history[0].Items;
        items.Should().HaveCount(3);
        items[0].Should().BeOfType<TextContent>().Which.Text.Should().Be("What is this?");
        var data = items[1].Should().BeOfType<ImageContent>().Subject;
        data.MimeType.Should().Be("image/png");
        data.Data!.Value.ToArray().Should().Equal("hello"u8.ToArray());
        data.Metadata![MessageTranslator.ImageDetailMetadataKey].Should().Be("low");
        items[2].Should().BeOfType<ImageContent>().Which.Uri.Should().Be(new Uri("https://example.com/cat.jpg"));
        captured[0].Parts[1].Content.Should().Equal("hello"u8.ToArray());
        captured[0].Parts[2].Url.Should().Be("https://example.com/cat.jpg");
    }

    /// <summary>System text parts are joined into one text.</summary>
    [Fact]
    public void System_text_parts_are_joined()
    {
        var (history, _) = MessageTranslator.Translate(Messages("""[{"role":"system","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]"""));

        history[0].Content.Should().Be("ab");
    }

    /// <summary>Images are refused where only text is allowed, naming the part.</summary>
    [Fact]
    public void Image_in_system_message_is_rejected()
    {
        var act = () => MessageTranslator.Translate(Messages("""[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]"""));

        act.Should().Throw<InvalidRequestException>().Which.Param.Should().Be("messages[0].content[0].type");
    }

    /// <summary>An image URL that is neither http(s) nor a data URL is refused.</summary>
    [Fact]
    public void Bad_image_url_is_rejected()
    {
        var act = () => MessageTranslator.Translate(Messages("""[{"role":"user","content":[{"type":"image_url","image_url":{"url":"file:///etc/passwd"}}]}]"""));

        act.Should().Throw<InvalidRequestException>().Which.Param.Should().Be("messages[0].content[0].image_url.url");
    }

    /// <summary>Reasoning a client echoes back is captured as a reasoning part but never sent as text.</summary>
    [Fact]
    public void Echoed_reasoning_is_captured_not_sent()
    {
        var (history, captured) = MessageTranslator.Translate(Messages("""[{"role":"assistant","content":"x","reasoning_content":"thought"}]"""));

        history[0].Content.Should().Be("x");
        captured[0].Parts.Select(p => p.Kind).Should().Equal(ExchangePartKind.Reasoning, ExchangePartKind.Text);
    }
}
