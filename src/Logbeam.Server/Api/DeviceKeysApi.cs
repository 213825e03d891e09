using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Logbeam.Server.Api;

/// <summary>
/// Key rotation of key (PSK) devices: <c>POST …/devices/{deviceName}/rotate-key</c> issues a new PSK and keeps the old
/// one valid for an overlap; <c>DELETE …/devices/{deviceName}/previous-key</c> ends that overlap now.
/// </summary>
internal static class DeviceKeysApi
{
    public static RouteGroupBuilder MapDeviceKeysApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/products/{productId}/devices/{deviceName}").WithTags("Devices");
        devices.MapPost("/rotate-key", RotateAsync).WithSummary("Rotate a key device's PSK")
            .WithDescription(
                "Issues a new PSK, shown only in this answer; the previous one stays valid for overlapSeconds (body optional, " +
                "e.g. {\"overlapSeconds\":3600}; default 86400, at most 2592000).");
        devices.MapDelete("/previous-key", EndOverlapAsync).WithSummary("End a key rotation's overlap now")
            .WithDescription("The previous PSK is refused from now on.");
        return api;
    }

    private static async Task<Results<Ok<DeviceCredentialsResponse>, ProblemHttpResult>> RotateAsync(
        string productId, string deviceName, RotateKeyRequest? request, DeviceRegistry registry, DevicePresence presence,
        DeviceActivity activity, DeviceEndpoints endpoints, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var seconds = request?.OverlapSeconds ?? (long)DeviceRegistry.DefaultKeyOverlap.TotalSeconds;
        if (seconds < 0 || seconds > (long)DeviceRegistry.MaxKeyOverlap.TotalSeconds)
        {
            return Problems.Invalid($"overlapSeconds must be 0 (no overlap) to {(long)DeviceRegistry.MaxKeyOverlap.TotalSeconds} (30 days).");
        }

        try
        {
            var rotated = await registry.RotateKeyAsync(productId, deviceName, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
            var logger = loggers.CreateLogger(typeof(DeviceKeysApi));
            ApiLog.KeyRotated(logger, productId, deviceName, rotated.Previous?.ExpiresAt ?? registry.Now);
            var report = await activity.ReadAsync(rotated.Device.Id, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(DeviceCredentialsResponse.From(rotated, registry, presence, report, endpoints));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> EndOverlapAsync(
        string productId, string deviceName, DeviceRegistry registry, DevicePresence presence, DeviceActivity activity,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            var device = await registry.EndKeyOverlapAsync(productId, deviceName, cancellationToken).ConfigureAwait(false);
            ApiLog.OverlapEnded(loggers.CreateLogger(typeof(DeviceKeysApi)), productId, deviceName);
            return TypedResults.Ok(await DeviceResponse.ReadAsync(device, registry, presence, activity, cancellationToken).ConfigureAwait(false));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }
}
