using FluentAssertions;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Reading;
using PromptCapture.Capture.Store.Schema;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Exchange;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>
/// The provider payload of our turns lives in prompt_capture_responses, not turns.response_json: llm 0.32's logs
/// resolves the model of every turn that has one, and our aliases are unknown to llm (14.8 s instead of 1.6 s).
/// </summary>
public sealed class ResponsePayloadTests
{
    /// <summary>Our logs still shows the payload as llm's response_json, read from our table.</summary>
    [Fact]
    public void Logs_reads_the_payload_from_our_table()
    {
        using var h = new WriterHarness();
        h.Write(Turn([User("Hi")], Assistant("Hello.")) with
        {
            Answer = new ExchangeAnswer { Text = "Hello.", RawJson = () => """{"id":"chatcmpl-1","object":"chat.completion"}""" },
        });

        h.Scalar("SELECT response_json FROM turns").Should().BeNull();
        PythonJson.Dumps(new LogReader(h.Path).ReadLatest(1).Single().ResponseJson)
            .Should().Be("""{"id": "chatcmpl-1", "object": "chat.completion"}""");
    }

    /// <summary>
    /// A file written before the table existed: opening it moves the payloads of our turns (those with a request row)
    /// and leaves a turn llm wrote itself as it was.
    /// </summary>
    [Fact]
    public void Opening_an_older_file_moves_only_our_payloads()
    {
        using var h = new WriterHarness();
        var ours = h.Write(Turn([User("Hi")], Assistant("Hello."))).Id;
        var llms = h.Write(Turn([User("Yo")], Assistant("Hey."))).Id;
        h.Connection.Execute(null, "DELETE FROM prompt_capture_requests WHERE turn_id = $id", ("$id", llms));
        h.Connection.Execute(null, "DROP TABLE prompt_capture_responses");
        h.Connection.Execute(null, "UPDATE turns SET response_json = '{\"who\": \"' || id || '\"}'");

        LlmSchema.Ensure(h.Connection);

        h.Scalar("SELECT response_json FROM turns WHERE id = $id", ("$id", ours)).Should().BeNull();
        h.Scalar("SELECT response_json FROM prompt_capture_responses WHERE turn_id = $id", ("$id", ours)).Should().Be($$"""{"who": "{{ours}}"}""");
        h.Scalar("SELECT response_json FROM turns WHERE id = $id", ("$id", llms)).Should().Be($$"""{"who": "{{llms}}"}""");
        h.Scalar("SELECT count(*) FROM prompt_capture_responses").Should().Be(1L);
        new LogReader(h.Path).ReadLatest(2).Select(e => PythonJson.Dumps(e.ResponseJson))
            .Should().Equal($$"""{"who": "{{ours}}"}""", $$"""{"who": "{{llms}}"}""");
    }
}
