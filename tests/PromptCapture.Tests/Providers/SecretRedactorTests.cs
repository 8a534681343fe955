using System.Text;
using FluentAssertions;
using PromptCapture.Providers;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>A key is masked in every form text can carry it, and text without one comes back untouched.</summary>
public sealed class SecretRedactorTests
{
    /// <summary>The key the cases hide.</summary>
    private const string Key = "sk-live-0123456789abcdef";

    /// <summary>The redactor under test.</summary>
    private static readonly SecretRedactor Redactor = new([Key, "short"]);

    /// <summary>Each encoding a key can travel in: as is, JSON \u escapes, mixed escapes, URL-encoded, HTML references.</summary>
    [Theory]
    [InlineData("key sk-live-0123456789abcdef here")]
    [InlineData("key \\u0073\\u006b\\u002d\\u006c\\u0069\\u0076\\u0065\\u002d\\u0030\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038\\u0039\\u0061\\u0062\\u0063\\u0064\\u0065\\u0066 here")]
    [InlineData("key s\\u006B-live-0123\\u00345678%39abcdef here")]
    [InlineData("key %73%6B%2D%6C%69%76%65%2D0123456789abcdef here")]
    [InlineData("key &#115;&#x6b;-live-0123456789abcdef here")]
    public void Every_encoding_of_the_key_is_masked(string text)
    {
        Redactor.Redact(text).Should().Be("key [redacted] here");
    }

    /// <summary>base64 of the key alone and of "user:key" (a Basic header) at each of the three byte alignments.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("u:")]
    [InlineData("user:")]
    [InlineData("ab:")]
    public void Base64_of_the_key_is_masked(string prefix)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + Key + "!"));

        var masked = Redactor.Redact("Basic " + encoded);

        masked.Should().Contain(SecretRedactor.Mask).And.NotContain(encoded);
        // What is left cannot spell the key: at most the partial characters beside it.
        masked.Length.Should().BeLessThan(("Basic " + encoded).Length - 16);
    }

    /// <summary>Clean text is returned as the same instance (no copy on the capture path); short values are never keys.</summary>
    [Fact]
    public void Clean_text_is_returned_unchanged()
    {
        const string text = "a \\u0041 %41 &#65; short sk-live-012345678 text";

        Redactor.Redact(text).Should().BeSameAs(text);
    }
}
