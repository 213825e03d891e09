using Logbeam.Protocol;

namespace Logbeam.Server.Storage;

/// <summary>How many lines of one level one device sent in a time window.</summary>
public sealed record DeviceLevelCount(string DeviceName, DeviceLogLevel Level, long Count);
