using Logbeam.Server.Accounting;

namespace Logbeam.Server.Api;

/// <summary>
/// A device's clock as the platform last measured it: <c>OffsetSeconds</c> is the device's time minus the platform's
/// (negative: behind), from the signed timestamp of its last upload, accepted or refused for its time; <c>Synced</c> says
/// whether it asked the platform for the time (MQTT <c>$sys</c>) since it last connected.
/// </summary>
public sealed record ClockResponse(double? OffsetSeconds, DateTimeOffset? MeasuredAt, bool Synced)
{
    public static ClockResponse? From(DeviceContact? contact) =>
        contact is null || (contact.ClockMeasuredAt is null && contact.TimeSyncedAt is null)
            ? null
            : new ClockResponse(contact.ClockOffsetSeconds, contact.ClockMeasuredAt, contact.Synced);
}
