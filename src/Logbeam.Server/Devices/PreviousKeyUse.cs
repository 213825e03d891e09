namespace Logbeam.Server.Devices;

/// <summary>The last time a device authenticated with its previous key, as the registry writes it back in batches.</summary>
public sealed record PreviousKeyUse(long DeviceId, DateTimeOffset LastUsedAt);
