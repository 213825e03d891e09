namespace Logbeam.Server.Devices;

/// <summary>What happened to a device, for <see cref="DeviceRegistry.DeviceChanged"/>.</summary>
public enum DeviceChangeKind
{
    Disabled,
    Enabled,
    Deleted,

    /// <summary>A key stopped being accepted (rotated away, or its overlap ended): sessions made with it are closed.</summary>
    KeyRetired,
}
