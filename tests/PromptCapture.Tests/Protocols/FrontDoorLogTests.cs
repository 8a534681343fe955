using FluentAssertions;
using Microsoft.Extensions.Logging;
using PromptCapture.Errors;
using PromptCapture.Protocols.Common;
using PromptCapture.Providers;
using Xunit;

namespace PromptCapture.Tests.Protocols;

/// <summary>What a front door's failure log shows: never a provider key, whatever the exception carried.</summary>
public sealed class FrontDoorLogTests
{
    /// <summary>A key-shaped secret as providers.json's keys look (made up).</summary>
    private const string Key = "sk-proj-Zx81TestOnlyKeyQm4d7Hs2Lw9Pv3Rt6Yb0";

    /// <summary>
    /// A failure nobody expected, whose message and inner exception quote the key (as an HttpClient error quoting a URL
    /// with the key in its query would), is logged with its type and stack trace but the key masked everywhere.
    /// </summary>
    [Fact]
    public void Unexpected_failure_is_logged_with_its_stack_and_without_the_key()
    {
        var logger = new RecordingLogger();
        var redactor = new SecretRedactor([Key]);
        var error = Thrown(new InvalidOperationException($"GET https://upstream.test/v1/chat?key={Key} failed",
            new HttpRequestException($"Authorization: Bearer {Key}")));

        FrontDoorLog.Failure(logger, error, "chat completions", redactor.Redact);

        var logged = logger.Entries.Should().ContainSingle().Subject;
        logged.Level.Should().Be(LogLevel.Error);
        logged.Exception.Should().NotBeNull();
        var text = logged.Exception!.ToString();
        text.Should().NotContain(Key).And.Contain(SecretRedactor.Mask).And.Contain(nameof(InvalidOperationException))
            .And.Contain(nameof(HttpRequestException)).And.Contain(nameof(Thrown));
        logged.Exception.Message.Should().NotContain(Key).And.Contain("upstream.test");
    }

    /// <summary>Upstream trouble is logged by its message alone, masked too.</summary>
    [Fact]
    public void Upstream_failure_message_is_logged_without_the_key()
    {
        var logger = new RecordingLogger();
        var redactor = new SecretRedactor([Key]);

        FrontDoorLog.Failure(logger, new UpstreamUnavailableException($"The upstream failed: token {Key} refused"), "messages", redactor.Redact);

        var logged = logger.Entries.Should().ContainSingle().Subject;
        logged.Level.Should().Be(LogLevel.Warning);
        logged.Message.Should().NotContain(Key).And.Contain(SecretRedactor.Mask);
    }

    /// <summary>The exception as a catch block sees it: thrown, so it has a stack trace.</summary>
    private static Exception Thrown(Exception error)
    {
        try
        {
            throw error;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    /// <summary>One log call as a formatter would print it.</summary>
    /// <param name="Level">Its level.</param>
    /// <param name="Message">The formatted message.</param>
    /// <param name="Exception">The exception handed to the logger.</param>
    private sealed record Entry(LogLevel Level, string Message, Exception? Exception);

    /// <summary>A logger that keeps every entry, everything enabled.</summary>
    private sealed class RecordingLogger : ILogger
    {
        /// <summary>The entries so far.</summary>
        public List<Entry> Entries { get; } = [];

        /// <summary>Keeps the entry with its formatted message.</summary>
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add(new Entry(logLevel, formatter(state, exception), exception));

        /// <summary>Every level is on.</summary>
        public bool IsEnabled(LogLevel logLevel) => true;

        /// <summary>No scopes.</summary>
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    }
}
