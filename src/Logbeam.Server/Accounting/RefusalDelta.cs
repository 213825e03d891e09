namespace Logbeam.Server.Accounting;

/// <summary>
/// Uploads of one device refused for one reason within one hour: <see cref="Hour"/> counts hours since the Unix epoch.
/// <see cref="Detail"/> is what the last of them was refused for, in words an operator acts on.
/// </summary>
public sealed record RefusalDelta(long DeviceId, string Code, long Hour, long Count, DateTimeOffset Last, string Detail)
{
    /// <summary>The sum of two counts of the same device, reason and hour; the later one's detail.</summary>
    public RefusalDelta Plus(RefusalDelta other) =>
        other.Last > Last ? other with { Count = Count + other.Count } : this with { Count = Count + other.Count };
}
