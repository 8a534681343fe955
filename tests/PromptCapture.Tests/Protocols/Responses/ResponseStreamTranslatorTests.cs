using FluentAssertions;
using PromptCapture.Exchange;
using PromptCapture.Protocols.OpenAIResponses;
using Xunit;

namespace PromptCapture.Tests.Protocols.Responses;

/// <summary>The event sequence for answers a fake upstream does not easily produce: refusals, several tool calls, custom tools.</summary>
public class ResponseStreamTranslatorTests
{
    /// <summary>Text and a refusal are two parts of one message; each part opens, streams and closes once.</summary>
    [Fact]
    public void Text_then_refusal_are_two_parts_of_one_message()
    {
        var (events, done) = Run([new() { StartsMessage = true, Text = "I " }, new() { Text = "cannot" }, new() { Refusal = "No." }, new() { FinishReason = "stop" }]);

        events.Count(e => e == "response.output_item.added").Should().Be(1);
        events.Count(e => e == "response.content_part.added").Should().Be(2);
        events.Should().ContainInOrder("response.output_text.delta", "response.output_text.done", "response.content_part.done",
            "response.content_part.added", "response.refusal.delta", "response.refusal.done", "response.content_part.done", "response.output_item.done", "response.completed");
        var parts = done.Output.Single().Content!;
        parts.Select(p => p.Type).Should().Equal("output_text", "refusal");
        parts[0].Text.Should().Be("I cannot");
        parts[1].Refusal.Should().Be("No.");
    }

    /// <summary>Each streamed tool call is its own item with its arguments gathered; a custom tool's input is unwrapped.</summary>
    [Fact]
    public void Several_tool_calls_are_separate_items_and_custom_input_is_unwrapped()
    {
        var map = new ToolMap();
        map.AddCustom("apply_patch");
        var (events, done) = Run(
        [
            new() { ToolCalls = [new(0, "call_a", "lookup", "{\"q\":")] },
            new() { ToolCalls = [new(0, null, null, "\"x\"}")] },
            new() { ToolCalls = [new(1, "call_b", "apply_patch", "{\"input\":\"diff\"}")] },
            new() { FinishReason = "tool_calls", Usage = new ExchangeUsage(5, 3, 8) },
        ], map);

        events.Count(e => e == "response.output_item.added").Should().Be(2);
        events.Should().Contain("response.function_call_arguments.done").And.Contain("response.custom_tool_call_input.done");
        done.Output[0].Type.Should().Be("function_call");
        done.Output[0].Arguments.Should().Be("{\"q\":\"x\"}");
        done.Output[1].Type.Should().Be("custom_tool_call");
        done.Output[1].Input.Should().Be("diff");
        done.Usage!.TotalTokens.Should().Be(8);
    }

    /// <summary>The event types of a whole run and the response of its last event.</summary>
    private static (List<string> Events, ResponseObject Done) Run(IEnumerable<ExchangeUpdate> updates, ToolMap? map = null)
    {
        var translator = new ResponseStreamTranslator(new ResponsesRequest(), "resp_test", "alias", 0, map ?? ToolMap.None);
        var events = new List<ResponseEvent>(translator.Start());
        foreach (var update in updates)
            events.AddRange(translator.Translate(update));
        events.AddRange(translator.Finish());
        events.Select(e => e.SequenceNumber).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        return (events.Select(e => e.Type).ToList(), events[^1].Response!);
    }
}
