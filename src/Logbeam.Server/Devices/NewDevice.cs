namespace Logbeam.Server.Devices;

/// <summary>What it takes to register a device; the store assigns its id.</summary>
public sealed record NewDevice(string ProductId, string DeviceName, DeviceAuthMode AuthMode, string? Psk, string? Certificate, DateTimeOffset CreatedAt);
