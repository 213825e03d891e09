using Logbeam.Server.Devices;

namespace Logbeam.Server.Api;

/// <summary>
/// A device as the API shows it. <c>LogLevel</c> is its own level (null: none, the product default applies);
/// <c>EffectiveLogLevel</c> is what it is told right now.
/// </summary>
public sealed record DeviceResponse(
    string ProductId,
    string DeviceName,
    string AuthMode,
    bool Enabled,
    int? LogLevel,
    DateTimeOffset? LevelExpiresAt,
    int EffectiveLogLevel,
    DateTimeOffset CreatedAt)
{
    public static DeviceResponse From(Device device, DeviceRegistry registry) => new(
        device.ProductId,
        device.DeviceName,
        device.AuthMode == DeviceAuthMode.Key ? "key" : "cert",
        device.Enabled,
        device.LogLevel is { } level ? (int)level : null,
        device.LevelExpiresAt,
        (int)registry.EffectiveLevel(device),
        device.CreatedAt);
}
