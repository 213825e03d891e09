using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;

namespace Logbeam.Server.Api;

/// <summary>
/// A device as the API shows it. <c>LogLevel</c> is its own level (null: none, the product default applies);
/// <c>EffectiveLogLevel</c> is what it is told right now. <c>Online</c>, <c>ConnectedSince</c> and <c>RemoteAddress</c>
/// describe its MQTT connection to the embedded broker; <c>LastSeen</c> is when it last sent anything over MQTT.
/// <c>PreviousKey</c> describes the key it had before its last rotation (null when there is none).
/// <c>LastSeen</c> is the latest contact of any kind (null: never heard from); <c>LastConnectAt</c>,
/// <c>LastDisconnectAt</c>, <c>LastUploadAt</c> and <c>LastRefusedAt</c> are each kind's latest, kept across restarts.
/// <c>Refusals</c> counts its uploads refused over the last 24 hours by error code, with the last one's time and reason;
/// <c>Clock</c> is its clock's measured offset from the platform's, and whether it asked for the time since it connected.
/// </summary>
public sealed record DeviceResponse(
    string ProductId,
    string DeviceName,
    string AuthMode,
    bool Enabled,
    int? LogLevel,
    DateTimeOffset? LevelExpiresAt,
    int EffectiveLogLevel,
    DateTimeOffset CreatedAt,
    bool Online,
    DateTimeOffset? ConnectedSince,
    string? RemoteAddress,
    DateTimeOffset? LastSeen,
    PreviousKeyResponse? PreviousKey,
    DateTimeOffset? LastConnectAt,
    DateTimeOffset? LastDisconnectAt,
    DateTimeOffset? LastUploadAt,
    DateTimeOffset? LastRefusedAt,
    IReadOnlyDictionary<string, RefusalSummary> Refusals,
    ClockResponse? Clock)
{
    public static DeviceResponse From(Device device, DeviceRegistry registry, DevicePresence presence, DeviceActivityReport activity)
    {
        var seen = presence.Find(device.ProductId, device.DeviceName);
        var contact = activity.Contact;
        return new(
            device.ProductId,
            device.DeviceName,
            device.AuthMode == DeviceAuthMode.Key ? "key" : "cert",
            device.Enabled,
            device.LogLevel is { } level ? (int)level : null,
            device.LevelExpiresAt,
            (int)registry.EffectiveLevel(device),
            device.CreatedAt,
            seen?.Online == true,
            seen?.ConnectedSince,
            seen?.RemoteAddress,
            Later(seen?.LastSeen, contact?.LastSeen),
            PreviousKeyOf(device, registry),
            contact?.LastConnect,
            contact?.LastDisconnect,
            contact?.LastUpload,
            contact?.LastRefused,
            activity.Refusals,
            ClockResponse.From(contact));
    }

    /// <summary>Reads the device's activity and answers with it.</summary>
    public static async Task<DeviceResponse> ReadAsync(
        Device device, DeviceRegistry registry, DevicePresence presence, DeviceActivity activity, CancellationToken cancellationToken) =>
        From(device, registry, presence, await activity.ReadAsync(device.Id, cancellationToken).ConfigureAwait(false));

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static PreviousKeyResponse? PreviousKeyOf(Device device, DeviceRegistry registry)
    {
        if (device.PreviousKey is not { } stored)
        {
            return null;
        }

        // What this node saw of the key's use is newer than what was last written to the store.
        var state = registry.TryGetDevice(device.ProductId, device.DeviceName, out var registered) && registered.Device.Id == device.Id
            ? registered.Previous
            : null;
        return state is null
            ? new PreviousKeyResponse(stored.ExpiresAt, stored.LastUsedAt, Active: false)
            : new PreviousKeyResponse(state.ExpiresAt, PreviousKeyState.Later(state.LastUsedAt, stored.LastUsedAt),
                state.IsValidAt(registry.Now));
    }
}
