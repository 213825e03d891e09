namespace Logbeam.Server.Devices;

/// <summary>A level changed for one device, or (with a null device name) for a product's default.</summary>
public sealed record LevelChange(string ProductId, string? DeviceName);
