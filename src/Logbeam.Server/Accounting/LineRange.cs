namespace Logbeam.Server.Accounting;

/// <summary>
/// The lines of one committed upload, as the device numbered them: lines <see cref="FirstLine"/> to
/// <see cref="LastLine"/> of boot <see cref="BootId"/>, and the device's drop totals for that boot when it sent them.
/// </summary>
public sealed record LineRange(
    string BootId, long FirstLine, int Lines, DateTimeOffset ReceivedAt, long DroppedBufferFull, long DroppedSpoolFull, long DroppedShutdown)
{
    public long LastLine => FirstLine + Lines - 1;

    public long Dropped => DroppedBufferFull + DroppedSpoolFull + DroppedShutdown;
}
