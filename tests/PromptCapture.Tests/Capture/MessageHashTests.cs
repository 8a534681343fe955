using System.Text;
using FluentAssertions;
using PromptCapture.Exchange;
using PromptCapture.Capture.Store.PythonCompat;
using PromptCapture.Capture.Store.Writing;
using Xunit;

namespace PromptCapture.Tests.Capture;

/// <summary>The test vectors of SCHEMA.md: our hashes must equal llm's for the same messages.</summary>
public class MessageHashTests
{
    /// <summary>Maps and hashes one captured message under a parent.</summary>
    private static string HashOf(ExchangeMessage message, string? parent) =>
        MessageHasher.Hash(LlmMessageMapper.Map(message), parent);

    /// <summary>Canonical form of first vector matches llm.</summary>
    [Fact]
    public void Canonical_form_of_first_vector_matches_llm()
    {
        var message = LlmMessageMapper.Map(Records.User("Suggest a name for a pet pelican"));
        PythonJson.Canonical(new PyDict { ["parent"] = null, ["message"] = message.ToHashDict() })
            .Should().Be("""{"message":{"parts":[{"text":"Suggest a name for a pet pelican","type":"text"}],"role":"user"},"parent":null}""");
    }

    /// <summary>Two turn conversation hashes match llm vectors.</summary>
    [Fact]
    public void Two_turn_conversation_hashes_match_llm_vectors()
    {
        var user1 = HashOf(Records.User("Suggest a name for a pet pelican"), null);
        var assistant1 = HashOf(Records.Assistant("How about Percy? Pelicans suit a dignified name."), user1);
        var user2 = HashOf(Records.User("Now one for a pet walrus"), assistant1);
        var assistant2 = HashOf(Records.Assistant("Wallace. It pairs nicely with Percy."), user2);

        user1.Should().Be("b2:d6b0cd4e7a65ea90423c50fadb3f5704");
        assistant1.Should().Be("b2:0f2c02ad982050b623b7e034199c8c61");
        user2.Should().Be("b2:c785dd6c77540150c2647f406cacc76f");
        assistant2.Should().Be("b2:a30a236e0d1b717c592e826d06e3c9d2");
    }

    /// <summary>System root hash matches llm vector.</summary>
    [Fact]
    public void System_root_hash_matches_llm_vector()
    {
        HashOf(Records.SystemPrompt("You are a terse translator."), null).Should().Be("b2:4ebea49cb0366928130c6e497d0086bf");
    }

    /// <summary>Developer role hashes as system.</summary>
    [Fact]
    public void Developer_role_hashes_as_system()
    {
        HashOf(Records.Text("developer", "You are a terse translator."), null).Should().Be("b2:4ebea49cb0366928130c6e497d0086bf");
    }

    /// <summary>Attachment hash uses content id and type.</summary>
    [Fact]
    public void Attachment_hash_uses_content_id_and_type()
    {
        var message = new ExchangeMessage("user",
        [
            new ExchangePart(ExchangePartKind.Text, "Read this file"),
            new ExchangePart(ExchangePartKind.Attachment, MimeType: "text/plain", Content: Encoding.UTF8.GetBytes("hello world")),
        ]);
        HashOf(message, null).Should().Be("b2:8bd5c9d4a395515108d5524a1725af0b");
    }

    /// <summary>Tool call chain matches reference db hashes.</summary>
    [Fact]
    public void Tool_call_chain_matches_reference_db_hashes()
    {
        var user = HashOf(Records.User("What is 2 + 3?"), null);
        var call = HashOf(Records.ToolCall("add", """{"a": 2, "b": 3}""", "call_1"), user);
        var chain = LlmMessageMapper.MapChain([Records.User("What is 2 + 3?"), Records.ToolCall("add", "{\"a\":2,\"b\":3}", "call_1"), Records.ToolResult("call_1", "5")]);
        var result = MessageHasher.Hash(chain[2], call);

        user.Should().Be("b2:b95d8bcc07759ee3b2b0b0ccd8fc6947");
        call.Should().Be("b2:8c56f9c4a1c8ecaa6cbcdb39573ece4c");
        result.Should().Be("b2:b7dbf855490a45f6bc97a7735ee5b63e");
        HashOf(Records.Assistant("The sum is 5"), result).Should().Be("b2:ef4952ea8f5f9a79b21718fd11a2335e");
    }

    /// <summary>Tool hash matches llm vector.</summary>
    [Fact]
    public void Tool_hash_matches_llm_vector()
    {
        var schema = Records.Json("""{"properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a", "b"], "type": "object"}""");
        TurnExtras.ToolHash("add", "Add two integers.", schema)
            .Should().Be("03a9761400e1a53c3627f873d2a5aa7eb5feff6af61782a648c933df5cf3ce61");
    }

    /// <summary>Url attachment id is sha256 of python dumps of url.</summary>
    [Fact]
    public void Url_attachment_id_is_sha256_of_python_dumps_of_url()
    {
        var attachment = LlmMessageMapper.MapAttachment(new ExchangePart(ExchangePartKind.Attachment, MimeType: "image/png", Url: "https://example.com/a.png"))!;
        // hashlib.sha256(json.dumps({"url": "https://example.com/a.png"}).encode()).hexdigest()
        attachment.Id.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes("""{"url": "https://example.com/a.png"}"""))));
    }

    /// <summary>
    /// Plain-text messages are hashed by a writer that lays the canonical JSON out itself; it must give the same hash
    /// as the dictionary form for quotes, backslashes, controls, non-ASCII, surrogate pairs, empty and several parts.
    /// </summary>
    [Theory]
    [InlineData("user", "plain words", null)]
    [InlineData("assistant", "quote \" backslash \\ tab \t newline \n nul \u0000 del \u007f", "b2:0f2c02ad982050b623b7e034199c8c61")]
    [InlineData("system", "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \u2028", null)]
    [InlineData("user", "", "b2:d6b0cd4e7a65ea90423c50fadb3f5704")]
    public void Plain_text_fast_path_hashes_as_the_dictionary_form(string role, string text, string? parent)
    {
        var message = new LlmMessage(role, [LlmPart.TextPart(text), LlmPart.TextPart(text + "!")]);
        MessageHasher.Hash(message, parent).Should().Be(MessageHasher.HashDict(message.ToHashDict(), parent));
        var single = new LlmMessage(role, [LlmPart.TextPart(text)]);
        MessageHasher.Hash(single, parent).Should().Be(MessageHasher.HashDict(single.ToHashDict(), parent));
    }
}
