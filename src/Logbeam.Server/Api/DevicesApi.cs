using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Api;

/// <summary><c>/api/v1/products/{productId}/devices</c>: register, list, show, disable, enable, delete, set level.</summary>
internal static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/products/{productId}/devices").WithTags("Devices");
        devices.MapGet("/", List).WithSummary("List a product's devices");
        devices.MapPost("/", CreateAsync).WithSummary("Register a device")
            .WithDescription(
                "Body {\"deviceName\":\"boiler-1\"} for a key device (a PSK is generated, or give psk to import one), or " +
                "{\"deviceName\":\"gw\",\"authMode\":\"cert\",\"certificate\":\"-----BEGIN CERTIFICATE-----…\"}. " +
                "The answer is the only time the PSK is shown.");
        devices.MapGet("/{deviceName}", Get).WithSummary("Show a device");
        devices.MapDelete("/{deviceName}", DeleteAsync).WithSummary("Delete a device")
            .WithDescription("Its credentials stop working at once; its stored log lines stay.");
        devices.MapPost("/{deviceName}/disable", (
                string productId, string deviceName, DeviceRegistry registry, DevicePresence presence, DeviceActivity activity, CancellationToken ct) =>
            SetEnabledAsync(productId, deviceName, false, registry, presence, activity, ct))
            .WithSummary("Disable a device").WithDescription("Its uploads and MQTT connections are refused until it is enabled again.");
        devices.MapPost("/{deviceName}/enable", (
                string productId, string deviceName, DeviceRegistry registry, DevicePresence presence, DeviceActivity activity, CancellationToken ct) =>
            SetEnabledAsync(productId, deviceName, true, registry, presence, activity, ct))
            .WithSummary("Enable a device");
        devices.MapPut("/{deviceName}/log-level", SetLevelAsync).WithSummary("Set a device's own log level")
            .WithDescription(
                "Body {\"logLevel\":\"debug\",\"levelExpiresAt\":\"2026-01-31T13:00:00Z\"}: logLevel is 0-4 or a level name, or " +
                "null to clear the device's own level (the product default applies again); levelExpiresAt, optional, makes it " +
                "fall back by itself. An online device is told at once. The members were called level and expiresAt before; " +
                "those names are deprecated and still accepted for one release.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<DeviceResponse>>, ProblemHttpResult>> List(
        string productId, DeviceRegistry registry, DevicePresence presence, DeviceActivity activity, CancellationToken cancellationToken)
    {
        if (registry.FindProduct(productId) is null)
        {
            return Problems.NotFound($"Product '{productId}' does not exist.");
        }

        var devices = registry.DevicesOf(productId).ToList();
        var reports = await activity.ReadAsync([.. devices.Select(d => d.Id)], cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<DeviceResponse>>([.. devices.Select(d => DeviceResponse.From(d, registry, presence, reports[d.Id]))]);
    }

    private static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> Get(
        string productId, string deviceName, DeviceRegistry registry, DevicePresence presence, DeviceActivity activity,
        CancellationToken cancellationToken) =>
        registry.TryGetDevice(productId, deviceName, out var device)
            ? TypedResults.Ok(await DeviceResponse.ReadAsync(device.Device, registry, presence, activity, cancellationToken).ConfigureAwait(false))
            : Problems.NotFound($"Device '{productId}/{deviceName}' does not exist.");

    private static async Task<Results<Created<DeviceCredentialsResponse>, ProblemHttpResult>> CreateAsync(
        string productId, CreateDeviceRequest request, DeviceRegistry registry, DevicePresence presence,
        DeviceEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (request.DeviceName is null)
        {
            return Problems.Invalid("deviceName is required.");
        }

        DeviceAuthMode mode;
        switch (request.AuthMode?.ToUpperInvariant())
        {
            case null or "KEY":
                mode = DeviceAuthMode.Key;
                break;
            case "CERT":
                mode = DeviceAuthMode.Cert;
                break;
            default:
                return Problems.Invalid("authMode must be 'key' or 'cert'.");
        }

        try
        {
            var created = await registry.CreateDeviceAsync(productId, request.DeviceName, mode, request.Certificate, request.Psk, cancellationToken)
                .ConfigureAwait(false);
            var credentials = DeviceCredentialsResponse.From(created, registry, presence, DeviceActivityReport.None, endpoints);
            return TypedResults.Created(
                $"{ManagementApiExtensions.Prefix}/products/{Uri.EscapeDataString(productId)}/devices/{Uri.EscapeDataString(created.Device.DeviceName)}",
                credentials);
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string productId, string deviceName, DeviceRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            await registry.DeleteDeviceAsync(productId, deviceName, cancellationToken).ConfigureAwait(false);
            return TypedResults.NoContent();
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> SetEnabledAsync(
        string productId, string deviceName, bool enabled, DeviceRegistry registry, DevicePresence presence, DeviceActivity activity,
        CancellationToken cancellationToken)
    {
        try
        {
            var device = await registry.SetEnabledAsync(productId, deviceName, enabled, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(await DeviceResponse.ReadAsync(device, registry, presence, activity, cancellationToken).ConfigureAwait(false));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> SetLevelAsync(
        string productId, string deviceName, SetDeviceLevelRequest request, DeviceRegistry registry, DevicePresence presence,
        DeviceActivity activity, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (!request.TryRead(options.Value.AcceptDeprecatedNames, out var level, out var expiresAt, out var error))
        {
            return Problems.Invalid(error);
        }

        try
        {
            var device = await registry.SetDeviceLevelAsync(productId, deviceName, level.Level, expiresAt, cancellationToken)
                .ConfigureAwait(false);
            return TypedResults.Ok(await DeviceResponse.ReadAsync(device, registry, presence, activity, cancellationToken).ConfigureAwait(false));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }
}
