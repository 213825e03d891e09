using Logbeam.Protocol;
using Logbeam.Server.Accounting;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Tests.Storage;

/// <summary>An upload's line range is committed with its lines, exactly once, and read back by boot.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task LineRanges_AreCommittedWithTheirLines_OnceForABatchIdCommittedTwice_AndReadByWholeBoots()
    {
        var (_, device) = await NewDeviceAsync("numbered");
        var t0 = Millis(DateTimeOffset.UtcNow.AddMinutes(-30));
        LogBatch Upload(string batchId, string boot, long first, int lines, DateTimeOffset at, long buffer = 0) =>
            new(device.Id, Guid.NewGuid().ToString(), at, batchId,
                [.. Enumerable.Range(0, lines).Select(i => new LogLine(DeviceLogLevel.Info, null, null, $"{boot} {first + i}"))],
                new UploadOrigin(boot, first, buffer, 0, 0));

        await Stores.Logs.AppendAsync([Upload("b1", "old", 1, 2, t0)], None);
        await Stores.Logs.AppendAsync([Upload("b2", "new", 1, 3, t0.AddMinutes(20)), Upload("b3", "new", 9, 1, t0.AddMinutes(21), buffer: 4)], None);
        await Stores.Logs.AppendAsync([Upload("b3", "new", 9, 1, t0.AddMinutes(22), buffer: 4)], None); // a retry: stored once
        await Stores.Logs.AppendAsync([new LogBatch(device.Id, Guid.NewGuid().ToString(), t0.AddMinutes(23), "b4", [new LogLine(DeviceLogLevel.Info, null, null, "unnumbered")])], None);

        var ranges = (ILineRangeStore)Stores.Activity;
        var (recent, earlier) = await ranges.RangesAsync(device.Id, t0.AddMinutes(10), None);

        Assert.Equal(
            [new LineRange("new", 1, 3, t0.AddMinutes(20), 0, 0, 0), new LineRange("new", 9, 1, t0.AddMinutes(21), 4, 0, 0)],
            recent);
        Assert.True(earlier);
        var (all, none) = await ranges.RangesAsync(device.Id, t0, None);
        Assert.Equal(["new", "new", "old"], all.Select(r => r.BootId));
        Assert.False(none);
        Assert.Equal(
            [LineEventKind.Restart, LineEventKind.Gap, LineEventKind.Dropped],
            LineGaps.Find(recent, earlier).Select(e => e.Kind));
    }

    [Fact]
    public async Task LineRanges_GoWithTheirLines_WhenRetentionRemovesThem()
    {
        var (_, device) = await NewDeviceAsync("ranges-retained");
        var now = DateTimeOffset.UtcNow;
        foreach (var (age, first) in new[] { (TimeSpan.FromDays(10), 1L), (TimeSpan.Zero, 2L) })
        {
            await Stores.Logs.AppendAsync(
                [new LogBatch(device.Id, Guid.NewGuid().ToString(), now - age, null, [new LogLine(DeviceLogLevel.Info, null, null, "x")], new UploadOrigin("boot", first, 0, 0, 0))],
                None);
        }

        await Stores.Retention.RemoveBeforeAsync(now.AddDays(-7), None);

        var (ranges, earlier) = await ((ILineRangeStore)Stores.Activity).RangesAsync(device.Id, now.AddDays(-30), None);
        Assert.Equal([2L], ranges.Select(r => r.FirstLine));
        Assert.False(earlier);
    }
}
