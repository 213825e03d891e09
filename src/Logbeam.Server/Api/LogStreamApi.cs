using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Api;

/// <summary>
/// <c>GET /api/v1/logs/stream</c>: live tail as Server-Sent Events, with the filters of <c>/api/v1/logs</c>.
/// Each event is one line (<c>data:</c> the same JSON as a query item, <c>id:</c> its cursor). It starts after the
/// newest matching line, or after <c>Last-Event-ID</c> / <c>cursor</c> to resume without gaps. Between lines a
/// <c>keep-alive</c> event with empty data keeps idle proxies from closing it; clients take only unnamed
/// (<c>message</c>) events as lines.
/// </summary>
internal static class LogStreamApi
{
    /// <summary>The event type of the keep-alives, which carry no data and no id.</summary>
    public const string KeepAliveEvent = "keep-alive";

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // An event, as SseFormatter writes no comments; with empty data, so EventSource (and a client that skips empty
    // events) dispatches nothing for it.
    private static readonly SseItem<string> KeepAliveItem = new(string.Empty, KeepAliveEvent);

    private enum Wake
    {
        Commit,
        Idle,
        Stopped,
    }

    public static RouteGroupBuilder MapLogStreamApi(this RouteGroupBuilder api)
    {
        api.MapGet("/logs/stream", StreamAsync).WithTags("Logs").WithSummary("Follow new log lines live")
            .WithDescription(
                "Server-Sent Events, one log line per event, with the filters of GET /logs (but not since, until or limit). " +
                "Reconnect with Last-Event-ID to continue without losing or repeating a line.").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return api;
    }

    private static async Task<IResult> StreamAsync(
        HttpContext context, string? productId, string? deviceName, string? minLevel, string? maxLevel, string? q, string? cursor,
        ILogStore store, CommitSignal commits, IHostApplicationLifetime lifetime)
    {
        var resume = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId ? lastEventId : cursor;
        if (!LogsApi.TryBuild(productId, deviceName, minLevel, maxLevel, null, null, q, LogsApi.MaxLimit, resume, out var filter, out var error))
        {
            return Problems.Invalid(error);
        }

        // The tail ends when the client goes or the server stops: at shutdown the response is completed (the client
        // reconnects, to this node restarted or to another) instead of holding the shutdown until it times out.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(stop);

        // Register for the next commit before reading, so a commit between the read and the wait is not missed.
        var next = commits.NextAsync(stop.Token);
        var after = filter.BeforeId ?? await NewestIdAsync(store, filter, context.RequestAborted).ConfigureAwait(false);
        // The result sets the content type and no-cache itself; nginx also needs telling not to buffer.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(FollowAsync(store, filter with { BeforeId = null }, after, commits, next, stop.Token));
    }

    /// <summary>
    /// The events after line <paramref name="after"/>, until <paramref name="stopped"/>; it ends then instead of
    /// throwing, as that is how every tail ends. The formatter flushes each event, so each reaches the client at once.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> FollowAsync(
        ILogStore store, LogQuery filter, long after, CommitSignal commits, Task next, [EnumeratorCancellation] CancellationToken stopped)
    {
        // First a keep-alive: it sends the headers, so the client knows at once that the tail has started from a fixed point.
        yield return KeepAliveItem;
        while (true)
        {
            var lines = await ReadAsync(store, filter with { AfterId = after }, stopped).ConfigureAwait(false);
            if (lines is null)
            {
                yield break;
            }

            foreach (var line in lines)
            {
                // Serialized here, with the API's context: the result would use the DI options for any other type.
                var json = JsonSerializer.Serialize(LogItem.From(line), ApiJsonContext.Default.LogItem);
                yield return new SseItem<string>(json) { EventId = LogsApi.EncodeCursor(line.Id) };
                after = line.Id;
            }

            if (lines.Count == filter.Limit)
            {
                continue; // more waiting: read on before sleeping
            }

            switch (await WaitAsync(next, stopped).ConfigureAwait(false))
            {
                case Wake.Stopped:
                    yield break;
                case Wake.Idle:
                    yield return KeepAliveItem;
                    break;
                default:
                    next = commits.NextAsync(stopped);
                    break;
            }
        }
    }

    private static async Task<IReadOnlyList<LogRecord>?> ReadAsync(ILogStore store, LogQuery query, CancellationToken stopped)
    {
        try
        {
            return await store.QueryAsync(query, stopped).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<Wake> WaitAsync(Task next, CancellationToken stopped)
    {
        var first = await Task.WhenAny(next, Task.Delay(KeepAlive, stopped)).ConfigureAwait(false);
        return stopped.IsCancellationRequested ? Wake.Stopped : first == next ? Wake.Commit : Wake.Idle;
    }

    private static async Task<long> NewestIdAsync(ILogStore store, LogQuery filter, CancellationToken cancellationToken)
    {
        var newest = await store.QueryAsync(filter with { Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return newest.Count == 0 ? 0 : newest[0].Id;
    }
}
