namespace Logbeam.Device;

/// <summary>
/// The device clock corrected by the platform's time (§3), so line times and <c>X-TC-Timestamp</c> are right even when
/// the device's own clock is off.
/// </summary>
internal sealed class DeviceClock(TimeProvider time)
{
    private long _offsetMs;

    /// <summary>How far the platform's clock is ahead of the device's, in milliseconds.</summary>
    public long OffsetMilliseconds => Volatile.Read(ref _offsetMs);

    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow().AddMilliseconds(OffsetMilliseconds);

    /// <summary>
    /// Applies a time reply the way the Python SDK does: the platform's time at receipt is
    /// <c>(ntptime1 + ntptime2 + received - sent) / 2</c>, all in milliseconds.
    /// </summary>
    public void Apply(long sentMs, long receivedMs, long ntpTime1Ms, long ntpTime2Ms)
    {
        long platformNow = (ntpTime1Ms + ntpTime2Ms + receivedMs - sentMs) / 2;
        Volatile.Write(ref _offsetMs, platformNow - receivedMs);
    }

    public long LocalMilliseconds() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
