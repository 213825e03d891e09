using Logbeam.Server.Devices;

namespace Logbeam.Server.Api;

/// <summary>
/// A device as the API shows it. <c>LogLevel</c> is its own level (null: none, the product default applies);
/// <c>EffectiveLogLevel</c> is what it is told right now. <c>Online</c>, <c>ConnectedSince</c> and <c>RemoteAddress</c>
/// describe its MQTT connection to the embedded broker; <c>LastSeen</c> is when it last sent anything over MQTT.
/// <c>PreviousKey</c> describes the key it had before its last rotation (null when there is none).
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
    PreviousKeyResponse? PreviousKey)
{
    public static DeviceResponse From(Device device, DeviceRegistry registry, DevicePresence presence)
    {
        var seen = presence.Find(device.ProductId, device.DeviceName);
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
            seen?.LastSeen,
            PreviousKeyOf(device, registry));
    }

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
