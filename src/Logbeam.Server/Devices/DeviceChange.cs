namespace Logbeam.Server.Devices;

/// <summary>
/// A device was disabled, enabled or deleted, or one of its keys retired; connections that may no longer be open are closed.
/// </summary>
public sealed record DeviceChange(string ProductId, string DeviceName, DeviceChangeKind Kind);
