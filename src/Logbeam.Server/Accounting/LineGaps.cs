namespace Logbeam.Server.Accounting;

/// <summary>
/// Finds, from a device's line ranges, the lines that never arrived, the drops it reported and its restarts. Derived
/// on every read, never stored: a late upload that fills a hole (a spool draining after an outage) closes the gap.
/// </summary>
public static class LineGaps
{
    /// <param name="ranges">Whole boots, ordered by boot and first line (<see cref="ILineRangeStore.RangesAsync"/>).</param>
    /// <param name="earlierRanges">Whether the device had ranges before these: then its first boot here is a restart.</param>
    /// <returns>The events, in the order they were received.</returns>
    public static IReadOnlyList<LineEvent> Find(IReadOnlyList<LineRange> ranges, bool earlierRanges)
    {
        var events = new List<LineEvent>();
        var boots = ranges.GroupBy(r => r.BootId, StringComparer.Ordinal)
            .Select(boot => (Started: boot.Min(r => r.ReceivedAt), Ranges: boot.OrderBy(r => r.FirstLine).ThenBy(r => r.ReceivedAt).ToList()))
            .OrderBy(boot => boot.Started)
            .ToList();
        for (var i = 0; i < boots.Count; i++)
        {
            var boot = boots[i].Ranges;
            var bootId = boot[0].BootId;
            if (i > 0 || earlierRanges)
            {
                events.Add(new LineEvent(LineEventKind.Restart, bootId, boots[i].Started, boot[0].FirstLine, boot[0].FirstLine, 0));
            }

            // Lines are numbered from 1: a boot whose first stored range starts later lost its first lines.
            long expected = 1;
            LineRange? reported = null;
            foreach (var range in boot)
            {
                if (range.FirstLine > expected)
                {
                    events.Add(new LineEvent(LineEventKind.Gap, bootId, range.ReceivedAt, expected, range.FirstLine - 1, range.FirstLine - expected));
                }

                expected = Math.Max(expected, range.LastLine + 1);
                reported = Drops(events, bootId, reported, range);
            }
        }

        return [.. events.OrderBy(e => e.At).ThenBy(e => e.FromLine)];
    }

    // The device's totals only grow within a boot: each growth, in line order, is a drop reported with that upload.
    private static LineRange Drops(List<LineEvent> events, string bootId, LineRange? before, LineRange range)
    {
        var (buffer, spool, shutdown) = (
            range.DroppedBufferFull - (before?.DroppedBufferFull ?? 0),
            range.DroppedSpoolFull - (before?.DroppedSpoolFull ?? 0),
            range.DroppedShutdown - (before?.DroppedShutdown ?? 0));
        if (buffer < 0 || spool < 0 || shutdown < 0)
        {
            // Totals that went down (uploads arriving out of order): keep the larger as the reference.
            return before is not null && before.Dropped >= range.Dropped ? before : range;
        }

        if (buffer + spool + shutdown > 0)
        {
            events.Add(new LineEvent(LineEventKind.Dropped, bootId, range.ReceivedAt, range.FirstLine, range.FirstLine,
                buffer + spool + shutdown, buffer, spool, shutdown));
        }

        return range;
    }
}
