namespace Logbeam.Server.Devices;

/// <summary>
/// A level changed for one device, or (with a null device name) for a product's default. <see cref="FromOtherNode"/>
/// marks a change another node made on the shared database, which this node learnt of by notification.
/// </summary>
public sealed record LevelChange(string ProductId, string? DeviceName, bool FromOtherNode = false);
