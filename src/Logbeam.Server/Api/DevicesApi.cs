using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Api;

/// <summary><c>/api/v1/products/{productId}/devices</c>: register, list, show, disable, enable, delete, set level.</summary>
internal static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/products/{productId}/devices").WithTags("Devices");
        devices.MapGet("/", List);
        devices.MapPost("/", CreateAsync);
        devices.MapGet("/{deviceName}", Get);
        devices.MapDelete("/{deviceName}", DeleteAsync);
        devices.MapPost("/{deviceName}/disable", (string productId, string deviceName, DeviceRegistry registry, DevicePresence presence, CancellationToken ct) =>
            SetEnabledAsync(productId, deviceName, false, registry, presence, ct));
        devices.MapPost("/{deviceName}/enable", (string productId, string deviceName, DeviceRegistry registry, DevicePresence presence, CancellationToken ct) =>
            SetEnabledAsync(productId, deviceName, true, registry, presence, ct));
        devices.MapPut("/{deviceName}/log-level", SetLevelAsync);
        return api;
    }

    private static Results<Ok<IReadOnlyList<DeviceResponse>>, ProblemHttpResult> List(string productId, DeviceRegistry registry, DevicePresence presence) =>
        registry.FindProduct(productId) is null
            ? Problems.NotFound($"Product '{productId}' does not exist.")
            : TypedResults.Ok<IReadOnlyList<DeviceResponse>>([.. registry.DevicesOf(productId).Select(d => DeviceResponse.From(d, registry, presence))]);

    private static Results<Ok<DeviceResponse>, ProblemHttpResult> Get(string productId, string deviceName, DeviceRegistry registry, DevicePresence presence) =>
        registry.TryGetDevice(productId, deviceName, out var device)
            ? TypedResults.Ok(DeviceResponse.From(device.Device, registry, presence))
            : Problems.NotFound($"Device '{productId}/{deviceName}' does not exist.");

    private static async Task<Results<Created<DeviceCredentialsResponse>, ProblemHttpResult>> CreateAsync(
        string productId, CreateDeviceRequest request, DeviceRegistry registry, DevicePresence presence, IOptions<IngestOptions> ingest,
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
            var credentials = DeviceCredentialsResponse.From(created, registry, presence, ingest.Value.CanonicalHost, endpoints);
            return TypedResults.Created(
                $"/api/v1/products/{Uri.EscapeDataString(productId)}/devices/{Uri.EscapeDataString(created.Device.DeviceName)}", credentials);
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
        string productId, string deviceName, bool enabled, DeviceRegistry registry, DevicePresence presence, CancellationToken cancellationToken)
    {
        try
        {
            var device = await registry.SetEnabledAsync(productId, deviceName, enabled, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(DeviceResponse.From(device, registry, presence));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> SetLevelAsync(
        string productId, string deviceName, SetLevelRequest request, DeviceRegistry registry, DevicePresence presence,
        CancellationToken cancellationToken)
    {
        DeviceLogLevel? level = null;
        if (request.Level is { } code)
        {
            if (!ProductsApi.TryLevel(code, out var parsed))
            {
                return Problems.Invalid("level must be 0 (off) to 4 (debug), or null to clear the device's own level.");
            }

            level = parsed;
        }

        try
        {
            var device = await registry.SetDeviceLevelAsync(productId, deviceName, level, request.ExpiresAt, cancellationToken)
                .ConfigureAwait(false);
            return TypedResults.Ok(DeviceResponse.From(device, registry, presence));
        }
        catch (DeviceRegistryException ex)
        {
            return Problems.From(ex);
        }
    }
}
