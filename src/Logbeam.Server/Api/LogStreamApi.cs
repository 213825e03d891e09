using System.Text.Json;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Api;

/// <summary>
/// <c>GET /api/v1/logs/stream</c>: live tail as Server-Sent Events, with the filters of <c>/api/v1/logs</c>.
/// Each event is one line (<c>data:</c> the same JSON as a query item, <c>id:</c> its cursor). It starts after the
/// newest matching line, or after <c>Last-Event-ID</c> / <c>cursor</c> to resume without gaps.
/// </summary>
internal static class LogStreamApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

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
        ILogStore store, CommitSignal commits)
    {
        var resume = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId ? lastEventId : cursor;
        if (!LogsApi.TryBuild(productId, deviceName, minLevel, maxLevel, null, null, q, LogsApi.MaxLimit, resume, out var filter, out var error))
        {
            return Problems.Invalid(error);
        }

        var aborted = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        // Register for the next commit before reading, so a commit between the read and the wait is not missed.
        var next = commits.NextAsync(aborted);
        var after = filter.BeforeId ?? await NewestIdAsync(store, filter, aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var lines = await store.QueryAsync(filter with { BeforeId = null, AfterId = after }, aborted).ConfigureAwait(false);
                foreach (var line in lines)
                {
                    var json = JsonSerializer.Serialize(LogItem.From(line), ApiJsonContext.Default.LogItem);
                    await response.WriteAsync($"id: {LogsApi.EncodeCursor(line.Id)}\ndata: {json}\n\n", aborted).ConfigureAwait(false);
                    after = line.Id;
                }

                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                if (lines.Count == filter.Limit)
                {
                    continue; // more waiting: read on before sleeping
                }

                if (await Task.WhenAny(next, Task.Delay(KeepAlive, aborted)).ConfigureAwait(false) != next)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    continue;
                }

                next = commits.NextAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the normal end of a tail.
        }

        return Results.Empty;
    }

    private static async Task<long> NewestIdAsync(ILogStore store, LogQuery filter, CancellationToken cancellationToken)
    {
        var newest = await store.QueryAsync(filter with { Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return newest.Count == 0 ? 0 : newest[0].Id;
    }
}
