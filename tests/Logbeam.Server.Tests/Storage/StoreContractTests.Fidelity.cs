using Logbeam.Protocol;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// Where the engines differ underneath (PostgreSQL's text cannot hold NUL, its times have microseconds, it drops whole
/// days), the stores still give the same answers (docs/architecture.md, "Storage").
/// </summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Nul_InTextTagAndBatchId_IsKeptAsTheReplacementCharacter()
    {
        var (productId, device) = await NewDeviceAsync("nul");
        var received = DateTimeOffset.UtcNow;
        var batch = new LogBatch(device.Id, Guid.NewGuid().ToString(), received, "b\0", [new LogLine(DeviceLogLevel.Info, null, "t\0g", "nul \0 inside")]);
        Assert.Equal(1, await Stores.Logs.AppendAsync([batch], None));

        var read = Assert.Single(await Query(new LogQuery { ProductId = productId }));
        Assert.Equal("nul \uFFFD inside", read.Text);
        Assert.Equal("t\uFFFDg", read.Tag);
        Assert.Equal(["nul \uFFFD inside"], Texts(await Search(productId, "inside")));

        // A search may hold NUL too (PostgreSQL would refuse it as a parameter); which words U+FFFD splits is the engines' own.
        Assert.Null(await Record.ExceptionAsync(() => Search(productId, "inside \0")));

        // The batch id was kept as written with U+FFFD: the same id sent that way is a repeat.
        Assert.Equal(0, await Stores.Logs.AppendAsync([Batch(device.Id, received, "b\uFFFD", (DeviceLogLevel.Info, "repeat"))], None));
    }

    [Fact]
    public async Task Times_AreKeptToTheMillisecond_AndAWindowHoldsItsStartButNotItsEnd()
    {
        var (productId, device) = await NewDeviceAsync("edges");

        // 0.7 ms into a millisecond, for the receive time and the device's own time.
        var at = Millis(DateTimeOffset.UtcNow.AddMinutes(-5)).AddTicks(7_000);
        var deviceTime = new DateTime(2026, 3, 1, 12, 0, 0, 250, DateTimeKind.Unspecified).AddTicks(7_000);
        Assert.Equal(1, await Stores.Logs.AppendAsync(
            [new LogBatch(device.Id, Guid.NewGuid().ToString(), at, null, [new LogLine(DeviceLogLevel.Warn, deviceTime, null, "on the edge")])], None));

        var read = Assert.Single(await Query(new LogQuery { ProductId = productId }));
        Assert.Equal(Millis(at), read.ReceivedAt);
        Assert.Equal(deviceTime.AddTicks(-7_000), read.DeviceTime);

        // Bounds are truncated to the millisecond as the times are: [at, …) holds the line, whichever sub-millisecond
        // digits either has; […, at) does not, nor does a window that starts a millisecond later.
        Assert.Single(await Query(new LogQuery { ProductId = productId, Since = at, Until = at.AddMinutes(1) }));
        Assert.Single(await Query(new LogQuery { ProductId = productId, Since = Millis(at), Until = Millis(at).AddMilliseconds(1) }));
        Assert.Single(await Query(new LogQuery { ProductId = productId, Since = at.AddTicks(2_000), Until = at.AddMinutes(1) }));
        Assert.Empty(await Query(new LogQuery { ProductId = productId, Since = at.AddMinutes(-1), Until = at }));
        Assert.Empty(await Query(new LogQuery { ProductId = productId, Since = at.AddMinutes(-1), Until = at.AddTicks(2_000) }));
        Assert.Empty(await Query(new LogQuery { ProductId = productId, Since = Millis(at).AddMilliseconds(1), Until = at.AddMinutes(1) }));

        Assert.Equal(
            [new DeviceLevelCount("edges", DeviceLogLevel.Warn, 1)],
            await Stores.Logs.CountPerDeviceAsync(productId, at.AddTicks(2_000), at.AddMinutes(1), None));
        Assert.Empty(await Stores.Logs.CountPerDeviceAsync(productId, at.AddMinutes(-1), at.AddTicks(2_000), None));
        Assert.Empty(await Stores.Logs.CountPerMinuteAsync(productId, at.AddMinutes(-1), at, None));
    }

    [Fact]
    public async Task Retention_ReportsTheLinesItRemoved()
    {
        // Days older than any other test's lines, so that this removal is this test's alone.
        var (productId, device) = await NewDeviceAsync("counted");
        var now = DateTimeOffset.UtcNow;
        await Stores.Logs.AppendAsync(
        [
            Batch(device.Id, now.AddDays(-402), (DeviceLogLevel.Info, "old one"), (DeviceLogLevel.Info, "old two")),
            Batch(device.Id, now.AddDays(-401), (DeviceLogLevel.Info, "old three")),
            Batch(device.Id, now, (DeviceLogLevel.Info, "recent")),
        ], None);

        Assert.Equal(3, await Stores.Retention.RemoveBeforeAsync(now.AddDays(-400), None));
        Assert.Equal(["recent"], Texts(await Query(new LogQuery { ProductId = productId })));
        Assert.Equal(0, await Stores.Retention.RemoveBeforeAsync(now.AddDays(-400), None));
    }
}
