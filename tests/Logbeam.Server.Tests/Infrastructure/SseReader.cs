using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>Reads the live tail's Server-Sent Events as <see cref="SseParser"/> parses them.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;
    private Task<bool> _move = Task.FromResult(true);

    private SseReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    public HttpResponseHeaders Headers => _response.Headers;

    /// <summary>The next event of any type, keep-alives included; <see cref="EndOfStreamException"/> when the stream ends.</summary>
    public async Task<SseItem<string>> NextEventAsync(TimeSpan timeout)
    {
        _move = _events.MoveNextAsync().AsTask();
        return await _move.WaitAsync(timeout) ? _events.Current : throw new EndOfStreamException("the stream ended");
    }

    /// <summary>The next log line: the next unnamed event, with its id.</summary>
    public async Task<(string Id, JsonElement Data)> NextAsync(TimeSpan timeout)
    {
        while (true)
        {
            var item = await NextEventAsync(timeout);
            if (item.EventType == SseParser.EventTypeDefault)
            {
                return (item.EventId ?? string.Empty, JsonDocument.Parse(item.Data).RootElement.Clone());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the response ends a read still pending (one that timed out), which must end before the parser goes.
        _response.Dispose();
        try
        {
            await _move;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            // The read ended as the response went: what a dispose is for.
        }

        await _events.DisposeAsync();
    }
}
