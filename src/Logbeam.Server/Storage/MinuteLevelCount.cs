using Logbeam.Protocol;

namespace Logbeam.Server.Storage;

/// <summary>How many lines of one level were received in one minute (<paramref name="Minute"/> is its start, UTC).</summary>
public sealed record MinuteLevelCount(DateTimeOffset Minute, DeviceLogLevel Level, long Count);
