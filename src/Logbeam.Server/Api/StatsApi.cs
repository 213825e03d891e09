using Logbeam.Server.Devices;
using Logbeam.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Logbeam.Server.Api;

/// <summary><c>GET /api/v1/products/{productId}/stats?minutes=60</c>: lines per minute by level, and each device's last 24 hours.</summary>
internal static class StatsApi
{
    public const int MaxMinutes = 1440;

    /// <summary>The minutes answered when the request names none: the last hour.</summary>
    public const int DefaultMinutes = 60;

    private static readonly TimeSpan DeviceWindow = TimeSpan.FromHours(24);

    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/products/{productId}/stats", GetAsync).WithTags("Products").WithSummary("Lines per minute and per device")
            .WithDescription($"Lines per minute by level over the last minutes (1-{MaxMinutes}, default {DefaultMinutes}), and each device's last 24 hours.");
        return api;
    }

    internal static async Task<Results<Ok<ProductStats>, ProblemHttpResult>> GetAsync(
        string productId, int? minutes, DeviceRegistry registry, ILogStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (registry.FindProduct(productId) is null)
        {
            return Problems.NotFound($"Product '{productId}' does not exist.");
        }

        var span = minutes ?? DefaultMinutes;
        if (span is < 1 or > MaxMinutes)
        {
            return Problems.Invalid($"minutes must be 1 to {MaxMinutes}.");
        }

        // Whole minutes, the current one last (still filling).
        var now = time.GetUtcNow();
        var until = DateTimeOffset.FromUnixTimeMilliseconds(((now.ToUnixTimeMilliseconds() / TimeSpan.MillisecondsPerMinute) + 1) * TimeSpan.MillisecondsPerMinute);
        var since = until.AddMinutes(-span);
        var perMinute = new LevelCounts[span];
        Array.Fill(perMinute, LevelCounts.Zero);
        foreach (var count in await store.CountPerMinuteAsync(productId, since, until, cancellationToken).ConfigureAwait(false))
        {
            var index = (int)((count.Minute - since).Ticks / TimeSpan.TicksPerMinute);
            if (index >= 0 && index < span)
            {
                perMinute[index] = perMinute[index].Add(count.Level, count.Count);
            }
        }

        var devicesSince = now - DeviceWindow;
        var devices = new List<DeviceCounts>();
        // Receive times are kept to the millisecond: the window ends after the current one, or a line received in the
        // same millisecond as this request would be left out.
        var devicesUntil = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() + 1);
        foreach (var count in await store.CountPerDeviceAsync(productId, devicesSince, devicesUntil, cancellationToken).ConfigureAwait(false))
        {
            if (devices.Count > 0 && devices[^1].DeviceName == count.DeviceName)
            {
                devices[^1] = devices[^1] with { Counts = devices[^1].Counts.Add(count.Level, count.Count) };
            }
            else
            {
                devices.Add(new DeviceCounts(count.DeviceName, LevelCounts.Zero.Add(count.Level, count.Count)));
            }
        }

        return TypedResults.Ok(new ProductStats(
            productId, since, until, [.. perMinute.Select((counts, i) => new MinuteCounts(since.AddMinutes(i), counts))], devicesSince, devices));
    }
}
