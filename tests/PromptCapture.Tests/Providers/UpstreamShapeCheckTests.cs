using System.ClientModel.Primitives;
using FluentAssertions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using OpenAI.Chat;
using PromptCapture.Errors;
using PromptCapture.Providers;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>The shape check alone: which SDK failures and streamed updates mean "the upstream sent no completion".</summary>
public sealed class UpstreamShapeCheckTests
{
    private static readonly ModelRoute Route = new("alias-a", "prov", "m", "KEY_VAR", null, [], new SecretRedactor(["sk-secret-value-123"]));

    /// <summary>Reading a ChatCompletion with no choices throws inside the SDK model: that is the upstream's failure, 502.</summary>
    [Theory]
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m"}""")]
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}""")]
    [InlineData("""{"error":{"message":"overloaded","type":"server_error"}}""")]
    public void Completion_without_choices_is_502(string json)
    {
        var completion = ModelReaderWriter.Read<ChatCompletion>(BinaryData.FromString(json))!;
        var error = Catch(() => _ = completion.Content);

        var translated = UpstreamShapeCheck.FromReadFailure(error, Route);

        translated.Should().NotBeNull().And.BeOfType<UpstreamUnavailableException>();
        translated!.Message.Should().Contain("alias-a").And.Contain("no choices");
    }

    /// <summary>The same exception types thrown anywhere else keep their meaning (a gateway bug stays a 500).</summary>
    [Fact]
    public void Other_index_errors_are_not_taken_for_the_upstream()
    {
        var error = Catch(() => _ = new List<int>()[0]);

        UpstreamShapeCheck.FromReadFailure(error, Route).Should().BeNull();
        UpstreamShapeCheck.FromReadFailure(new InvalidOperationException("x"), Route).Should().BeNull();
    }

    /// <summary>A streamed {"error":...} event becomes a 502 carrying the upstream's message, with the key masked.</summary>
    [Theory]
    [InlineData("""{"error":{"message":"quota gone for sk-secret-value-123","code":"x"}}""", "quota gone for [redacted]")]
    [InlineData("""{"error":"plain text error"}""", "plain text error")]
    [InlineData("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"error":{"message":"mid-stream failure"}}""", "mid-stream failure")]
    public void Streamed_error_event_is_502_with_its_message(string json, string message)
    {
        var act = () => UpstreamShapeCheck.ThrowIfError(Update(json), Route);

        act.Should().Throw<UpstreamUnavailableException>().WithMessage($"*alias-a*{message}*").Which.Message.Should().NotContain("sk-secret-value-123");
    }

    /// <summary>Ordinary chunks pass: a role chunk, text, a finish chunk, the usage chunk with empty choices.</summary>
    [Theory]
    [InlineData("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""")]
    [InlineData("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}""")]
    [InlineData("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""")]
    [InlineData("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""")]
    [InlineData("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}""")]
    public void Ordinary_chunks_pass(string json)
    {
        var act = () => UpstreamShapeCheck.ThrowIfError(Update(json), Route);

        act.Should().NotThrow();
    }

    /// <summary>An SK streaming item around an SDK update read from JSON, as the OpenAI connector yields it.</summary>
    private static StreamingChatMessageContent Update(string json) =>
        new(AuthorRole.Assistant, null, ModelReaderWriter.Read<StreamingChatCompletionUpdate>(BinaryData.FromString(json)));

    /// <summary>The exception an action throws, with its stack trace.</summary>
    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception error)
        {
            return error;
        }
        throw new InvalidOperationException("expected an exception");
    }
}
