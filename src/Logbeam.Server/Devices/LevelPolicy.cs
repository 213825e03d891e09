using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>Which level a device should report at right now.</summary>
public static class LevelPolicy
{
    /// <summary>
    /// The device's own level while it has not expired, else its product's default, else <see cref="DeviceLogLevel.Off"/>.
    /// </summary>
    public static DeviceLogLevel Effective(Device device, Product? product, DateTimeOffset now)
    {
        if (device.LogLevel is { } own && (device.LevelExpiresAt is null || device.LevelExpiresAt > now))
        {
            return own;
        }

        return product?.DefaultLogLevel ?? DeviceLogLevel.Off;
    }
}
