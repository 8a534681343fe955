using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace PromptCapture.Bench.Load;

/// <summary>One way of reaching the upstream (direct, through YARP, through the gateway), driven by its own shared HttpClient.</summary>
/// <param name="name">Short name used in the tables.</param>
/// <param name="client">The variant's shared client.</param>
/// <param name="rootUrl">Where the variant listens.</param>
/// <param name="model">The model name this variant expects (the alias for the gateway, the upstream id otherwise).</param>
/// <param name="door">The protocol it speaks (chat completions unless given).</param>
internal sealed class HttpVariant(string name, HttpClient client, string rootUrl, string model, FrontDoor? door = null) : IProbe
{
    /// <summary>The protocol this variant speaks.</summary>
    private readonly FrontDoor _door = door ?? FrontDoor.Chat;

    /// <summary>The media type sent with every body; immutable once built.</summary>
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>The endpoint of this variant.</summary>
    private Uri Endpoint => field ??= new Uri(rootUrl + _door.Path);

    /// <summary>The non-streaming request body.</summary>
    private byte[] Body => field ??= _door.Complete(model);

    /// <summary>The streaming request body.</summary>
    private byte[] StreamBody => field ??= _door.Stream(model);

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>The variant's client, exposed so the owner can dispose it.</summary>
    public HttpClient Client { get; } = client;

    /// <summary>Sends one non-streaming request and reads the whole answer.</summary>
    public async Task CallAsync(CancellationToken cancellationToken)
    {
        using var response = await Client.SendAsync(Request(Body), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await body.ReadAsync(buffer, cancellationToken) > 0) { }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Sends one streaming request; returns the Stopwatch ticks from sending to the first complete event and to
    /// the end of the stream, after checking the stream ended with [DONE].
    /// </summary>
    public async Task<(long FirstChunk, long LastChunk)> StreamAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await Client.SendAsync(Request(StreamBody), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var scanner = new StreamScanner(_door.Framing, _door.EndMarker);
            long first = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                scanner.Feed(buffer.AsSpan(0, read));
                if (first == 0 && scanner.Events > 0)
                    first = Stopwatch.GetTimestamp() - start;
            }
            var last = Stopwatch.GetTimestamp() - start;
            if (!scanner.Ended)
                throw new InvalidOperationException($"{Name}: the stream did not reach its end marker ({scanner.Events} events).");
            return (first, last);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A POST of <paramref name="body"/> as JSON.</summary>
    private HttpRequestMessage Request(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
    }

    /// <summary>Fails loudly on any non-200 answer, with the body, so a misconfigured variant cannot pass for a fast one.</summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.OK)
            return;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvalidOperationException($"{Name}: HTTP {(int)response.StatusCode}: {text}");
    }
}
