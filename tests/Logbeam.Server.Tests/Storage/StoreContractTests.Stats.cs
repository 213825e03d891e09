using Logbeam.Protocol;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// The two aggregations behind the console (<see cref="ILogStore.CountPerMinuteAsync"/> and
/// <see cref="ILogStore.CountPerDeviceAsync"/>): every rule of their documentation, on every store. The expected
/// counts are worked out from the lines written here, not read back from a store.
/// </summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task CountPerMinute_BucketsByUtcMinute_InAHalfOpenWindow_NonZeroRows_ByMinuteThenLevel()
    {
        var productId = await NewProductAsync();
        var a = await NewDeviceInAsync(productId, "a");
        var b = await NewDeviceInAsync(productId, "b");
        var gone = await NewDeviceInAsync(productId, "gone");
        var (_, stranger) = await NewDeviceAsync("a");

        // m0 is the start of a UTC minute ten minutes ago; the window is [m0, m0 + 5 min 30 s).
        var m0 = MinuteStart(DateTimeOffset.UtcNow.AddMinutes(-10));
        var since = m0;
        var until = m0.AddMinutes(5).AddSeconds(30);
        await Stores.Logs.AppendAsync(
        [
            Batch(a.Id, m0.AddMilliseconds(-1), (DeviceLogLevel.Error, "1 ms before the window")),
            Batch(a.Id, m0, (DeviceLogLevel.Warn, "first ms of m0"), (DeviceLogLevel.Error, "first ms of m0, listed after warn")),
            Batch(b.Id, m0.AddMilliseconds(59_999), (DeviceLogLevel.Error, "last ms of m0"), (DeviceLogLevel.Error, "last ms of m0 again")),
            Batch(b.Id, m0.AddMilliseconds(59_999).AddTicks(9_990), (DeviceLogLevel.Error, "999 µs before m1")),
            Batch(a.Id, m0.AddMinutes(1), (DeviceLogLevel.Info, "first ms of m1")),
            Batch(stranger.Id, m0.AddMinutes(1), (DeviceLogLevel.Info, "another product's device of the same name")),
            Batch(b.Id, m0.AddMinutes(2).AddSeconds(30), (DeviceLogLevel.Debug, "m2 debug"), (DeviceLogLevel.Error, "m2 error")),

            // Nothing in m3: no row for it.
            Batch(gone.Id, m0.AddMinutes(4).AddSeconds(10), (DeviceLogLevel.Info, "m4 from a device deleted below")),

            // The same instant written with an offset: the minute is the UTC one.
            Batch(a.Id, m0.AddMinutes(4).AddSeconds(20).ToOffset(TimeSpan.FromHours(8)), (DeviceLogLevel.Info, "m4 +08:00"), (DeviceLogLevel.Info, "m4 +08:00 again")),
            Batch(a.Id, until.AddMilliseconds(-1), (DeviceLogLevel.Warn, "last ms of the window, in m5")),
            Batch(a.Id, until, (DeviceLogLevel.Warn, "first ms after the window")),
        ], None);
        Assert.True(await Stores.Devices.DeleteDeviceAsync(productId, "gone", None));

        var counts = await Stores.Logs.CountPerMinuteAsync(productId, since, until, None);

        Assert.Equal(
            [
                new MinuteLevelCount(m0, DeviceLogLevel.Error, 4),
                new MinuteLevelCount(m0, DeviceLogLevel.Warn, 1),
                new MinuteLevelCount(m0.AddMinutes(1), DeviceLogLevel.Info, 1),
                new MinuteLevelCount(m0.AddMinutes(2), DeviceLogLevel.Error, 1),
                new MinuteLevelCount(m0.AddMinutes(2), DeviceLogLevel.Debug, 1),
                new MinuteLevelCount(m0.AddMinutes(4), DeviceLogLevel.Info, 3),
                new MinuteLevelCount(m0.AddMinutes(5), DeviceLogLevel.Warn, 1),
            ],
            counts);
        Assert.All(counts, c => Assert.Equal(TimeSpan.Zero, c.Minute.Offset));

        // The window's ends cut inside minutes: a line counts by its own receive time, not its minute's.
        Assert.Equal(
            [new MinuteLevelCount(m0, DeviceLogLevel.Error, 3)],
            await Stores.Logs.CountPerMinuteAsync(productId, m0.AddMilliseconds(1), m0.AddMinutes(1), None));
        Assert.Equal(
            [new MinuteLevelCount(m0.AddMinutes(-1), DeviceLogLevel.Error, 1)],
            await Stores.Logs.CountPerMinuteAsync(productId, m0.AddMinutes(-1), m0, None));
        Assert.Empty(await Stores.Logs.CountPerMinuteAsync(productId, m0.AddMinutes(3), m0.AddMinutes(4), None));
        Assert.Empty(await Stores.Logs.CountPerMinuteAsync(productId, until, until, None));
        Assert.Empty(await Stores.Logs.CountPerMinuteAsync("NOSUCHPROD", since, until, None));
    }

    [Fact]
    public async Task CountPerDevice_ByNameOrdinalThenLevel_NonZeroRows_ADeviceMadeAgainCountsAsOne()
    {
        var productId = await NewProductAsync();
        var now = MinuteStart(DateTimeOffset.UtcNow);
        var since = now.AddHours(-1);
        var until = now;

        // Ordinal order: "9" < "A-1" < "B" < "_z" < "a" < "beta"; a culture's order would put "a" before "B" and "_z" first.
        var names = new[] { "beta", "a", "_z", "B", "A-1", "9" };
        var devices = new Dictionary<string, long>();
        foreach (var name in names)
        {
            devices[name] = (await NewDeviceInAsync(productId, name)).Id;
        }

        var quiet = await NewDeviceInAsync(productId, "quiet");
        var outside = await NewDeviceInAsync(productId, "outside");
        var (otherProduct, stranger) = await NewDeviceAsync("a");
        await Stores.Logs.AppendAsync(
        [
            Batch(devices["beta"], since, (DeviceLogLevel.Debug, "first ms of the window"), (DeviceLogLevel.Error, "beta error")),
            Batch(devices["a"], since.AddMinutes(5), (DeviceLogLevel.Info, "a info"), (DeviceLogLevel.Info, "a info again")),
            Batch(devices["a"], until.AddMilliseconds(-1), (DeviceLogLevel.Warn, "last ms of the window")),
            Batch(devices["_z"], since.AddMinutes(10), (DeviceLogLevel.Error, "_z error")),
            Batch(devices["B"], since.AddMinutes(20), (DeviceLogLevel.Warn, "B warn"), (DeviceLogLevel.Error, "B error, listed after warn")),
            Batch(devices["A-1"], since.AddMinutes(30), (DeviceLogLevel.Debug, "A-1 debug")),
            Batch(devices["9"], since.AddMinutes(40), (DeviceLogLevel.Info, "9 info")),
            Batch(outside.Id, since.AddMilliseconds(-1), (DeviceLogLevel.Error, "1 ms before the window")),
            Batch(outside.Id, until, (DeviceLogLevel.Error, "first ms after the window")),
            Batch(devices["a"], until, (DeviceLogLevel.Error, "a, first ms after the window")),
            Batch(stranger.Id, since.AddMinutes(5), (DeviceLogLevel.Error, "another product's a")),
        ], None);

        // "beta" deleted and made again: both lives' lines count under the one name.
        Assert.True(await Stores.Devices.DeleteDeviceAsync(productId, "beta", None));
        var reborn = await NewDeviceInAsync(productId, "beta");
        Assert.NotEqual(devices["beta"], reborn.Id);
        await Stores.Logs.AppendAsync(
        [
            Batch(reborn.Id, since.AddMinutes(50), (DeviceLogLevel.Error, "beta's second life"), (DeviceLogLevel.Warn, "beta warn")),
        ], None);

        var counts = await Stores.Logs.CountPerDeviceAsync(productId, since, until, None);

        Assert.Equal(
            [
                new DeviceLevelCount("9", DeviceLogLevel.Info, 1),
                new DeviceLevelCount("A-1", DeviceLogLevel.Debug, 1),
                new DeviceLevelCount("B", DeviceLogLevel.Error, 1),
                new DeviceLevelCount("B", DeviceLogLevel.Warn, 1),
                new DeviceLevelCount("_z", DeviceLogLevel.Error, 1),
                new DeviceLevelCount("a", DeviceLogLevel.Warn, 1),
                new DeviceLevelCount("a", DeviceLogLevel.Info, 2),
                new DeviceLevelCount("beta", DeviceLogLevel.Error, 2),
                new DeviceLevelCount("beta", DeviceLogLevel.Warn, 1),
                new DeviceLevelCount("beta", DeviceLogLevel.Debug, 1),
            ],
            counts);
        Assert.DoesNotContain(counts, c => c.DeviceName == quiet.DeviceName || c.DeviceName == outside.DeviceName);

        Assert.Equal(
            [new DeviceLevelCount("a", DeviceLogLevel.Error, 1)],
            await Stores.Logs.CountPerDeviceAsync(otherProduct, since, until, None));
        Assert.Equal(
            [new DeviceLevelCount("a", DeviceLogLevel.Error, 1), new DeviceLevelCount("outside", DeviceLogLevel.Error, 1)],
            await Stores.Logs.CountPerDeviceAsync(productId, until, until.AddMinutes(1), None));
        Assert.Empty(await Stores.Logs.CountPerDeviceAsync(productId, until.AddMinutes(1), until.AddMinutes(2), None));
        Assert.Empty(await Stores.Logs.CountPerDeviceAsync("NOSUCHPROD", since, until, None));
    }

    private static DateTimeOffset MinuteStart(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds() / 60_000 * 60_000);
}
