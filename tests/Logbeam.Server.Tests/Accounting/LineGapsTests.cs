using Logbeam.Server.Accounting;

namespace Logbeam.Server.Tests.Accounting;

public sealed class LineGapsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 8, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ConsecutiveRanges_HaveNoEvents()
    {
        Assert.Empty(LineGaps.Find([Range("a", 1, 10, 0), Range("a", 11, 5, 1), Range("a", 16, 1, 2)], earlierRanges: false));
    }

    [Fact]
    public void AHoleBetweenRanges_IsAGap_AtTheUploadThatShowedIt()
    {
        var events = LineGaps.Find([Range("a", 1, 1203, 0), Range("a", 1291, 10, 5)], earlierRanges: false);

        Assert.Equal([new LineEvent(LineEventKind.Gap, "a", T0.AddSeconds(5), 1204, 1290, 87)], events);
    }

    [Fact]
    public void ABootWhoseFirstLinesNeverArrived_HasALeadingGap()
    {
        var events = LineGaps.Find([Range("a", 51, 10, 0)], earlierRanges: false);

        Assert.Equal([new LineEvent(LineEventKind.Gap, "a", T0, 1, 50, 50)], events);
    }

    [Fact]
    public void ALateUploadFillingTheHole_ClosesTheGap_AndARepeatedRangeIsNoGap()
    {
        Assert.Empty(LineGaps.Find([Range("a", 1, 3, 0), Range("a", 4, 3, 9), Range("a", 4, 3, 10), Range("a", 7, 2, 1)], earlierRanges: false));
    }

    [Fact]
    public void GrowingDropTotals_AreDropEvents_ByCause_WhereTheyWereReported()
    {
        var events = LineGaps.Find(
            [Range("a", 1, 10, 0), Range("a", 11, 10, 1, buffer: 312), Range("a", 21, 10, 2, buffer: 312), Range("a", 31, 10, 3, buffer: 314, spool: 5)],
            earlierRanges: false);

        Assert.Equal(
            [
                new LineEvent(LineEventKind.Dropped, "a", T0.AddSeconds(1), 11, 11, 312, BufferFull: 312),
                new LineEvent(LineEventKind.Dropped, "a", T0.AddSeconds(3), 31, 31, 7, BufferFull: 2, SpoolFull: 5),
            ],
            events);
    }

    [Fact]
    public void ANewBoot_IsARestart_AndSoIsTheFirstBootHereWhenTheDeviceHadEarlierOnes()
    {
        var ranges = new[] { Range("b", 1, 5, 10), Range("a", 1, 5, 0) };

        Assert.Equal([new LineEvent(LineEventKind.Restart, "b", T0.AddSeconds(10), 1, 1, 0)], LineGaps.Find(ranges, earlierRanges: false));
        Assert.Equal(2, LineGaps.Find(ranges, earlierRanges: true).Count(e => e.Kind == LineEventKind.Restart));
    }

    private static LineRange Range(string boot, long first, int lines, int second, long buffer = 0, long spool = 0) =>
        new(boot, first, lines, T0.AddSeconds(second), buffer, spool, 0);
}
