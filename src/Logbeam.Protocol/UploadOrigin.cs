namespace Logbeam.Protocol;

/// <summary>
/// Where an upload stands in its device's stream of lines: Logbeam's optional body members <c>BootId</c>,
/// <c>FirstLine</c> and <c>Dropped</c> (docs/protocol.md, "Logbeam extensions"). The upload holds lines
/// <see cref="FirstLine"/> to <see cref="FirstLine"/> + its line count − 1 of the boot <see cref="BootId"/>; the drop
/// counts are the device's totals for that boot so far.
/// </summary>
/// <param name="BootId">The run of the device's client the lines come from: at most <see cref="MaxBootIdLength"/> characters.</param>
/// <param name="FirstLine">The number of the upload's first line, from 1.</param>
/// <param name="DroppedBufferFull">Lines pushed out of the device's full memory buffer in this boot so far.</param>
/// <param name="DroppedSpoolFull">Lines evicted from, or never written to, the device's full spool in this boot so far.</param>
/// <param name="DroppedShutdown">Lines unsent when the device's client stopped in this boot so far.</param>
public sealed record UploadOrigin(string BootId, long FirstLine, long DroppedBufferFull, long DroppedSpoolFull, long DroppedShutdown)
{
    /// <summary>The longest boot id taken; a longer one is ignored (the upload is still accepted).</summary>
    public const int MaxBootIdLength = 64;

    /// <summary>The largest count or line number taken: what a JSON number holds exactly (2^53).</summary>
    public const long MaxCount = 1L << 53;

    /// <summary>All lines dropped in this boot so far, whatever the cause.</summary>
    public long Dropped => DroppedBufferFull + DroppedSpoolFull + DroppedShutdown;
}
