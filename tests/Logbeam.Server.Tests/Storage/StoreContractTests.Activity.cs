using Logbeam.Server.Accounting;

namespace Logbeam.Server.Tests.Storage;

/// <summary>Device activity as every store keeps it: counts added, never replaced; the later of each time kept.</summary>
public abstract partial class StoreContractTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 8, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Activity_RefusalCountsFromTwoWritersAddUp_AndTheLaterDetailWins()
    {
        var (_, device) = await NewDeviceAsync("refused");
        var hour = DeviceActivityHour(Noon);

        // Two nodes write what each saw of the same device, reason and hour.
        await Stores.Activity.SaveAsync([new RefusalDelta(device.Id, "AuthFailure.SignatureExpire", hour, 3, Noon.AddMinutes(10), "10 min")], [], None);
        await Stores.Activity.SaveAsync([new RefusalDelta(device.Id, "AuthFailure.SignatureExpire", hour, 2, Noon.AddMinutes(5), "5 min")], [], None);
        await Stores.Activity.SaveAsync([new RefusalDelta(device.Id, "AuthFailure.ReplayedNonce", hour - 30, 1, Noon.AddHours(-30), "old")], [], None);

        var rows = await Stores.Activity.RefusalsAsync([device.Id], hour - 23, None);

        var row = Assert.Single(rows);
        Assert.Equal((5L, "10 min"), (row.Count, row.Detail));
        Assert.Equal(Noon.AddMinutes(10), row.Last);
        Assert.Equal(2, (await Stores.Activity.RefusalsAsync([device.Id], hour - 40, None)).Count);
        Assert.Empty(await Stores.Activity.RefusalsAsync([device.Id + 1_000_000], hour - 40, None));

        Assert.True(await Stores.Activity.DeleteRefusalsBeforeAsync(hour - 23, None) >= 1);
        Assert.Single(await Stores.Activity.RefusalsAsync([device.Id], hour - 40, None));
    }

    [Fact]
    public async Task Activity_ContactsKeepTheLaterOfEachTime_AndTheClockOfTheLaterMeasurement()
    {
        var (_, device) = await NewDeviceAsync("contact");
        var (_, other) = await NewDeviceAsync("other");
        Assert.Empty(await Stores.Activity.ContactsAsync([device.Id, other.Id], None));

        await Stores.Activity.SaveAsync([], [new DeviceContact(device.Id, LastConnect: Noon, LastUpload: Noon.AddMinutes(2),
            ClockOffsetSeconds: -7200.5, ClockMeasuredAt: Noon.AddMinutes(2))], None);
        // A node that heard less recently writes later: nothing goes back in time; what it adds is kept.
        await Stores.Activity.SaveAsync([], [new DeviceContact(device.Id, LastConnect: Noon.AddMinutes(-5), LastDisconnect: Noon.AddMinutes(1),
            ClockOffsetSeconds: 30, ClockMeasuredAt: Noon.AddMinutes(-5), TimeSyncedAt: Noon.AddMinutes(1))], None);
        await Stores.Activity.SaveAsync([], [new DeviceContact(other.Id, LastRefused: Noon)], None);

        var contacts = (await Stores.Activity.ContactsAsync([device.Id, other.Id], None)).ToDictionary(c => c.DeviceId);

        Assert.Equal(
            new DeviceContact(device.Id, Noon, Noon.AddMinutes(1), Noon.AddMinutes(2), null, -7200.5, Noon.AddMinutes(2), Noon.AddMinutes(1)),
            contacts[device.Id]);
        Assert.Equal(new DeviceContact(other.Id, LastRefused: Noon), contacts[other.Id]);
        Assert.Equal(Noon.AddMinutes(2), contacts[device.Id].LastSeen);
        Assert.True(contacts[device.Id].Synced);
    }

    private static long DeviceActivityHour(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;
}
