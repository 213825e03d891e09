namespace Logbeam.Server.Api;

/// <summary>Lines one device sent in the window of <see cref="ProductStats.DevicesSince"/>, by level.</summary>
public sealed record DeviceCounts(string DeviceName, LevelCounts Counts);
