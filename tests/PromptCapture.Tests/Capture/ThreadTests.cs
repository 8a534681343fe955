using FluentAssertions;
using PromptCapture.Exchange;
using Xunit;
using static PromptCapture.Tests.Capture.Records;

namespace PromptCapture.Tests.Capture;

/// <summary>Conversations rebuilt from resent histories: continued, forked, or new, as llm would have threaded them.</summary>
public class ThreadTests
{
    /// <summary>Three turn chat shares one thread.</summary>
    [Fact]
    public void Three_turn_chat_shares_one_thread()
    {
        using var h = new WriterHarness();
        var t1 = h.Write(Turn([SystemPrompt("Be brief."), User("Hi")], Assistant("Hello!")));
        var t2 = h.Write(Turn([SystemPrompt("Be brief."), User("Hi"), Assistant("Hello!"), User("How are you?")], Assistant("Fine.")));
        var t3 = h.Write(Turn([SystemPrompt("Be brief."), User("Hi"), Assistant("Hello!"), User("How are you?"), Assistant("Fine."), User("Bye")], Assistant("Bye!")));

        new[] { t2.ThreadId, t3.ThreadId }.Should().AllBe(t1.ThreadId);
        h.Scalar("SELECT count(*) FROM threads").Should().Be(1L);
        h.Scalar("SELECT count(*) FROM messages").Should().Be(7L);
        h.Scalar("SELECT count(*) FROM messages WHERE role = 'system'").Should().Be(1L);
        h.Scalar("SELECT name FROM threads").Should().Be("Hi");
        var tip = h.Scalar("SELECT tip_message_hash FROM turns WHERE id = $id", ("$id", t3.Id));
        h.Scalar("SELECT tip_message_hash FROM threads").Should().Be(tip);
        // Each turn's parent is the previous turn's tip's child: the chain is one line.
        h.Scalar("SELECT count(*) FROM messages m WHERE (SELECT count(*) FROM messages c WHERE c.parent_hash = m.hash) > 1").Should().Be(0L);
    }

    /// <summary>Three turn reasoning chat shares one thread although clients drop reasoning.</summary>
    [Fact]
    public void Three_turn_reasoning_chat_shares_one_thread_although_clients_drop_reasoning()
    {
        using var h = new WriterHarness();
        var t1 = h.Write(Turn([User("Pick a number")], Reasoned("Seven is lucky.", "7")));
        var t2 = h.Write(Turn([User("Pick a number"), Assistant("7"), User("Double it")], Reasoned("7*2", "14")));
        var t3 = h.Write(Turn([User("Pick a number"), Assistant("7"), User("Double it"), Assistant("14"), User("Halve it")], Reasoned("14/2", "7")));

        new[] { t2.ThreadId, t3.ThreadId }.Should().AllBe(t1.ThreadId);
        h.Scalar("SELECT count(*) FROM threads").Should().Be(1L);
        // The echoed copies ("7" without reasoning) are not stored: the chain runs through the answers we stored.
        h.Scalar("SELECT count(*) FROM messages").Should().Be(6L);
        h.Scalar("SELECT count(*) FROM parts WHERE type = 'reasoning'").Should().Be(3L);
        h.Scalar("SELECT text FROM parts WHERE type = 'reasoning' AND text = 'Seven is lucky.'").Should().Be("Seven is lucky.");
        h.Scalar("SELECT payload FROM parts WHERE type = 'reasoning' LIMIT 1").Should().BeNull();
    }

    /// <summary>Three turn tool chat shares one thread.</summary>
    [Fact]
    public void Three_turn_tool_chat_shares_one_thread()
    {
        using var h = new WriterHarness();
        var request1 = new List<ExchangeMessage> { SystemPrompt("Use tools."), User("Weather in Paris?") };
        var t1 = h.Write(Turn(request1, ToolCall("get_weather", """{"city":"Paris"}""", "call_1", reasoning: "I need the weather."), tools: [WeatherTool]));
        // The client echoes the call without reasoning, with its own spacing of the arguments.
        var request2 = request1.Concat([ToolCall("get_weather", """{"city": "Paris"}""", "call_1"), ToolResult("call_1", "sunny")]).ToList();
        var t2 = h.Write(Turn(request2, Reasoned("Report it.", "It is sunny in Paris."), tools: [WeatherTool]));
        var request3 = request2.Concat([Assistant("It is sunny in Paris."), User("Thanks")]).ToList();
        var t3 = h.Write(Turn(request3, Assistant("You're welcome."), tools: [WeatherTool]));

        new[] { t2.ThreadId, t3.ThreadId }.Should().AllBe(t1.ThreadId);
        h.Scalar("SELECT count(*) FROM threads").Should().Be(1L);
        h.Scalar("SELECT count(*) FROM messages WHERE role = 'system'").Should().Be(1L);
        h.Scalar("SELECT count(*) FROM messages").Should().Be(7L);
    }

    /// <summary>Edited history forks a new thread from the one it came from.</summary>
    [Fact]
    public void Edited_history_forks_a_new_thread_from_the_one_it_came_from()
    {
        using var h = new WriterHarness();
        var t1 = h.Write(Turn([User("Name a pelican")], Assistant("Percy")));
        h.Write(Turn([User("Name a pelican"), Assistant("Percy"), User("Now a walrus")], Assistant("Wallace")));
        var edited = h.Write(Turn([User("Name a pelican"), Assistant("Percy"), User("Now a seal")], Assistant("Sally")));

        edited.ThreadId.Should().NotBe(t1.ThreadId);
        h.Scalar("SELECT forked_from FROM threads WHERE id = $id", ("$id", edited.ThreadId)).Should().Be(t1.ThreadId);
        h.Scalar("SELECT forked_from FROM threads WHERE id = $id", ("$id", t1.ThreadId)).Should().BeNull();
        // Shared history is stored once: pelican, Percy, walrus, Wallace, seal, Sally.
        h.Scalar("SELECT count(*) FROM messages").Should().Be(6L);
        // The forked thread keeps llm's naming rule: the prompt of the turn that created it.
        h.Scalar("SELECT name FROM threads WHERE id = $id", ("$id", edited.ThreadId)).Should().Be("Now a seal");

        // Continuing the fork stays on the fork.
        var next = h.Write(Turn([User("Name a pelican"), Assistant("Percy"), User("Now a seal"), Assistant("Sally"), User("And a crab")], Assistant("Carl")));
        next.ThreadId.Should().Be(edited.ThreadId);
    }

    /// <summary>New chat with the same opening starts an independent thread.</summary>
    [Fact]
    public void New_chat_with_the_same_opening_starts_an_independent_thread()
    {
        using var h = new WriterHarness();
        var first = h.Write(Turn([SystemPrompt("Be brief."), User("Hi")], Assistant("Hello!")));
        var second = h.Write(Turn([SystemPrompt("Be brief."), User("Hi")], Assistant("Hey.")));

        second.ThreadId.Should().NotBe(first.ThreadId);
        h.Scalar("SELECT forked_from FROM threads WHERE id = $id", ("$id", second.ThreadId)).Should().BeNull();
        h.Scalar("SELECT count(*) FROM messages WHERE role = 'user'").Should().Be(1L);
    }

    /// <summary>An assistant answer edited by the client branches off the thread whose opening it shares.</summary>
    [Fact]
    public void Edited_answer_forks_from_the_thread_sharing_the_opening()
    {
        using var h = new WriterHarness();
        var t1 = h.Write(Turn([User("Name a pelican")], Assistant("Percy.")));
        h.Write(Turn([User("Name a pelican"), Assistant("Percy."), User("Another")], Assistant("Pete.")));
        var edited = h.Write(Turn([User("Name a pelican"), Assistant("Pete, edited."), User("Another")], Assistant("Paul.")));

        edited.ThreadId.Should().NotBe(t1.ThreadId);
        h.Scalar("SELECT forked_from FROM threads WHERE id = $id", ("$id", edited.ThreadId)).Should().Be(t1.ThreadId);
    }

    /// <summary>A history that shares only the system prompt with earlier chats is its own conversation, not a fork.</summary>
    [Fact]
    public void History_sharing_only_the_system_prompt_is_not_a_fork()
    {
        using var h = new WriterHarness();
        h.Write(Turn([SystemPrompt("Be brief."), User("Hi")], Assistant("Hello!")));
        var other = h.Write(Turn([SystemPrompt("Be brief."), User("Yo"), Assistant("Hey"), User("Sup")], Assistant("Not much.")));
        h.Scalar("SELECT forked_from FROM threads WHERE id = $id", ("$id", other.ThreadId)).Should().BeNull();
        h.Scalar("SELECT count(*) FROM threads").Should().Be(2L);
    }

    /// <summary>Turns of one batch see each other.</summary>
    [Fact]
    public void Turns_of_one_batch_see_each_other()
    {
        using var h = new WriterHarness();
        var results = h.Writer.WriteBatch(
        [
            Turn([User("One")], Assistant("1")),
            Turn([User("One"), Assistant("1"), User("Two")], Assistant("2")),
        ]);
        results[1].ThreadId.Should().Be(results[0].ThreadId);
        string.CompareOrdinal(results[0].Id, results[1].Id).Should().BeNegative();
    }

    /// <summary>Thread names follow llms conversation name rule.</summary>
    [Fact]
    public void Thread_names_follow_llms_conversation_name_rule()
    {
        using var h = new WriterHarness();
        var result = h.Write(Turn([SystemPrompt("sys"), User("Translate  'good\n morning'\tto French please, now")], Assistant("Bonjour")));
        h.Scalar("SELECT name FROM threads WHERE id = $id", ("$id", result.ThreadId)).Should().Be("Translate 'good morning' to Fre\u2026");
    }
}
