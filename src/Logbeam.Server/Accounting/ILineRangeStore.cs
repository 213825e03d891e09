namespace Logbeam.Server.Accounting;

/// <summary>Reads the line ranges the stores write with each commit (see <c>LogBatch.Origin</c>).</summary>
public interface ILineRangeStore
{
    /// <summary>
    /// Every range of each boot of the device that has a range received at or after <paramref name="since"/> (whole boots,
    /// so that their holes can be found), ordered by boot and first line; and whether the device has ranges received
    /// before <paramref name="since"/> (then its first boot in the window is a restart).
    /// </summary>
    Task<(IReadOnlyList<LineRange> Ranges, bool EarlierRanges)> RangesAsync(long deviceId, DateTimeOffset since, CancellationToken cancellationToken);
}
