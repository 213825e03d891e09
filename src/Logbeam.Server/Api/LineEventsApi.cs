using System.Globalization;
using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Logbeam.Server.Api;

/// <summary>
/// <c>GET /api/v1/products/{productId}/devices/{deviceName}/gaps</c>: what happened to the device's stream of lines,
/// from the line numbers its uploads carry (Logbeam's optional members; the .NET device SDK sends them).
/// </summary>
internal static class LineEventsApi
{
    /// <summary>Without <c>since</c>, the last day.</summary>
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);

    public static RouteGroupBuilder MapLineEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/products/{productId}/devices/{deviceName}/gaps", GetAsync).WithTags("Devices")
            .WithSummary("Lines that never arrived, lines the device dropped, and its restarts")
            .WithDescription(
                "since (ISO 8601, default a day ago). Each item is a gap (fromLine-toLine of a boot never arrived), a drop the " +
                "device reported (lines, by cause: bufferFull, spoolFull, shutdown) or a restart (a new bootId), at the time the " +
                "upload that showed it arrived. Only uploads that carry BootId and FirstLine (the .NET device SDK's) are counted.");
        return api;
    }

    private static async Task<Results<Ok<LineEventsResponse>, ProblemHttpResult>> GetAsync(
        string productId, string deviceName, string? since, DeviceRegistry registry, ILineRangeStore ranges, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow() - DefaultWindow;
        if (since is not null && !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from))
        {
            return Problems.Invalid("since must be an ISO 8601 time, such as 2026-01-31T12:00:00Z.");
        }

        if (!registry.TryGetDevice(productId, deviceName, out var device))
        {
            return Problems.NotFound($"Device '{productId}/{deviceName}' does not exist.");
        }

        var (found, earlier) = await ranges.RangesAsync(device.Device.Id, from, cancellationToken).ConfigureAwait(false);
        var events = LineGaps.Find(found, earlier).Where(e => e.At >= from).ToList();
        return TypedResults.Ok(new LineEventsResponse(
            from,
            events.Where(e => e.Kind == LineEventKind.Gap).Sum(e => e.Lines),
            events.Where(e => e.Kind == LineEventKind.Dropped).Sum(e => e.Lines),
            events.Count(e => e.Kind == LineEventKind.Restart),
            [.. events.Select(LineEventResponse.From)]));
    }
}
