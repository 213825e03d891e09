namespace Logbeam.Server.Accounting;

/// <summary>
/// When a device was last heard from, each way, and what its clock said: kept across restarts and shared by nodes.
/// Every member is the latest known; <see cref="Merge"/> keeps the later of each.
/// </summary>
/// <param name="ClockOffsetSeconds">The device's clock minus the platform's, as last measured (positive: ahead).</param>
/// <param name="TimeSyncedAt">When the device last asked the platform for the time (MQTT <c>$sys</c>).</param>
public sealed record DeviceContact(
    long DeviceId,
    DateTimeOffset? LastConnect = null,
    DateTimeOffset? LastDisconnect = null,
    DateTimeOffset? LastUpload = null,
    DateTimeOffset? LastRefused = null,
    double? ClockOffsetSeconds = null,
    DateTimeOffset? ClockMeasuredAt = null,
    DateTimeOffset? TimeSyncedAt = null)
{
    /// <summary>The latest of every contact; null when the device was never heard from.</summary>
    public DateTimeOffset? LastSeen => Latest(Latest(LastConnect, LastDisconnect), Latest(LastUpload, LastRefused));

    /// <summary>Whether the device asked for the time since it last connected.</summary>
    public bool Synced => TimeSyncedAt is { } synced && (LastConnect is not { } connected || synced >= connected);

    public static DeviceContact Merge(DeviceContact older, DeviceContact newer)
    {
        var newerClock = newer.ClockMeasuredAt is { } at && (older.ClockMeasuredAt is not { } before || at >= before);
        return new DeviceContact(
            older.DeviceId,
            Latest(older.LastConnect, newer.LastConnect),
            Latest(older.LastDisconnect, newer.LastDisconnect),
            Latest(older.LastUpload, newer.LastUpload),
            Latest(older.LastRefused, newer.LastRefused),
            newerClock ? newer.ClockOffsetSeconds : older.ClockOffsetSeconds,
            newerClock ? newer.ClockMeasuredAt : older.ClockMeasuredAt,
            Latest(older.TimeSyncedAt, newer.TimeSyncedAt));
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
