namespace Logbeam.Server.Devices;

/// <summary>A device was disabled, enabled or deleted; connections of a device that may no longer connect are closed.</summary>
public sealed record DeviceChange(string ProductId, string DeviceName, DeviceChangeKind Kind);
