using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Viewer;

/// <summary>The event stream: new captures announced without the page polling, whoever wrote them.</summary>
public sealed class ViewerLiveTests
{
    /// <summary>The stream opens with the current mark and sends a new one when a capture lands.</summary>
    [Fact]
    public async Task The_event_stream_announces_a_new_capture()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.ChatSimpleAsync("echo", "before the stream");
        await gateway.FlushAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await gateway.Http.GetAsync("/_viewer/api/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));

        var first = await NextMarkAsync(reader, deadline.Token);
        await gateway.ChatSimpleAsync("echo", "after the stream opened");
        await gateway.FlushAsync();
        var newest = Db.Scalar(gateway.DatabasePath, "SELECT max(id) FROM turns") as string;
        string? seen;
        do seen = await NextMarkAsync(reader, deadline.Token);
        while (!seen.Contains(newest!, StringComparison.Ordinal));

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        first.Should().NotContain(newest!);
        seen.Should().Contain("\"latest_turn\":\"" + newest + "\"");
    }

    /// <summary>The watcher reads the file, not the gateway's writer: a turn another process writes (llm itself) is announced too.</summary>
    [Fact]
    public async Task A_turn_written_by_another_process_is_announced_too()
    {
        await using var gateway = await GatewayHarness.StartAsync(beforeStart: path => File.Copy(Capture.ReferenceFiles.Database, path));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await gateway.Http.GetAsync("/_viewer/api/events", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        await NextMarkAsync(reader, deadline.Token);

        const string turn = "01zz0000000000000000000000";
        Db.Rows(gateway.DatabasePath, $"INSERT INTO turns (id, thread_id, model, datetime_utc) VALUES ('{turn}', '01m89n328g0kp40dxbr1dp3yem', 'llm-cli-model', '2026-11-25T15:24:17+00:00')");
        string seen;
        do seen = await NextMarkAsync(reader, deadline.Token);
        while (!seen.Contains(turn, StringComparison.Ordinal));

        seen.Should().Contain(turn);
    }

    /// <summary>The data line of the next "capture" event.</summary>
    private static async Task<string> NextMarkAsync(StreamReader reader, CancellationToken token)
    {
        var isCapture = false;
        while (await reader.ReadLineAsync(token) is { } line)
        {
            if (line == "event: capture") isCapture = true;
            else if (isCapture && line.StartsWith("data: ", StringComparison.Ordinal)) return line["data: ".Length..];
        }
        throw new EndOfStreamException("The event stream ended.");
    }
}
