namespace Logbeam.Server.Devices;

/// <summary>What happened to a device, for <see cref="DeviceRegistry.DeviceChanged"/>.</summary>
public enum DeviceChangeKind
{
    Disabled,
    Enabled,
    Deleted,
}
