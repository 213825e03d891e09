using Logbeam.Protocol;

namespace Logbeam.Server.Storage;

/// <summary>How many lines of one level were received in one minute (<paramref name="Minute"/> is its start, UTC).</summary>
public sealed record MinuteLevelCount(DateTimeOffset Minute, DeviceLogLevel Level, long Count)
{
    /// <summary>The length of a bucket: a line's minute is <c>floor(receivedAtUnixMs / MillisecondsPerMinute)</c>.</summary>
    public const long MillisecondsPerMinute = 60_000;
}
